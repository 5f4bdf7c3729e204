import Foundation
import ParleyCore

/// Prints a streamed answer as it arrives: thinking dimmed (or hidden), then the answer, then a line with the
/// tokens and cost. With `json`, every delta is one JSON line instead, and the result the last one.
struct CompletionPrinter {
    let json: Bool
    let showThinking: Bool
    private var section: Section = .none

    private enum Section { case none, thinking, answer }

    init(json: Bool, showThinking: Bool) {
        self.json = json
        self.showThinking = showThinking
    }

    /// Text already in the answer before this call (a continued draft), shown as the start of the answer.
    mutating func resume(from text: String) {
        guard !json, !text.isEmpty else { return }
        section = .answer
        write(Terminal.dim(text))
    }

    mutating func print(notification: JSONValue) {
        guard notification["method"] == "chat.delta", let delta = notification["params"] else { return }
        if json { return printLine(delta) }
        if showThinking, let thinking = delta["reasoning_content"]?.text, !thinking.isEmpty {
            if section == .none { write(Terminal.dim("thinking: ")) }
            section = .thinking
            write(Terminal.dim(thinking))
        }
        if let content = delta["content"]?.text, !content.isEmpty {
            if section == .thinking { write("\n\n") }
            section = .answer
            write(content)
        }
        if let calls = delta["tool_calls"]?.arrayValue {
            for call in calls {
                if let name = call["function"]?["name"]?.text { write(Terminal.cyan("\n→ \(name)(")) }
                if let arguments = call["function"]?["arguments"]?.text { write(arguments) }
            }
        }
    }

    /// The end of a call: the tokens and cost, or where the stopped text went.
    func finish(_ result: JSONValue) {
        if json { return printLine(result) }
        if section != .none { write("\n") }
        if let draft = result["interrupted"]?["draft"], draft != .null {
            let id = Terminal.short(draft["id"]?.text)
            FileHandle.standardError.write(
                Data(
                    Terminal.yellow("stopped (\(result["interrupted"]?["reason"]?.text ?? "cancelled")); ")
                        .appending("the text is kept as draft \(id): parley continue \(id)\n").utf8))
            return
        }
        if result["interrupted"] != nil, result["interrupted"] != .null {
            FileHandle.standardError.write(Data(Terminal.yellow("stopped before any text arrived\n").utf8))
            return
        }
        guard let usage = result["usage"], usage != .null else { return }
        var parts = [
            "\(usage["total_tokens"]?.int ?? 0) tokens (\(usage["prompt_tokens"]?.int ?? 0) in, "
                + "\(usage["completion_tokens"]?.int ?? 0) out"
                + (usage["reasoning_tokens"]?.int.map { ", \($0) thinking" } ?? "") + ")"
        ]
        if let hits = usage["prompt_cache_hit_tokens"]?.int, hits > 0 { parts.append("\(hits) cached") }
        if let cost = usage["cost"]?.text { parts.append("$\(cost)") }
        if let latency = usage["latency_ms"]?.int { parts.append(String(format: "%.1f s", Double(latency) / 1000)) }
        FileHandle.standardError.write(Data((Terminal.dim(parts.joined(separator: " · ")) + "\n").utf8))
    }

    private func printLine(_ value: JSONValue) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        write(String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self) + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
