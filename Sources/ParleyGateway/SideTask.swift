import Foundation
import ParleyCore

/// A request a frontend makes about a chat rather than in it: a title, tags, follow-up questions, a search
/// query. Its answer is relayed and its usage recorded, but it is not a turn of the conversation.
enum SideTask: Equatable {
    case title
    case other(String)

    /// The task a request is: named by `X-OpenWebUI-Task`, or recognised by the `### Task:` prompt Open WebUI's
    /// templates (and the frontends that copied them) begin with.
    init?(header: String?, prompt: String?) {
        if let header {
            self = header.lowercased().hasPrefix("title") ? .title : .other(header)
            return
        }
        guard let prompt, Self.startsLikeTask(prompt) else { return nil }
        let text = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        let instruction = text.dropFirst(Self.marker.count).prefix(300).lowercased()
        self = instruction.contains("title") ? .title : .other("task")
    }

    private static let marker = "### Task:"

    /// Whether a prompt opens with the `### Task:` heading of a side task.
    static func startsLikeTask(_ prompt: String) -> Bool {
        prompt.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(marker)
    }

    /// The title a title task's answer gives: the `title` of a JSON answer (`{"title": "…"}`, as Open WebUI
    /// asks for), else its first line, without quotes or emphasis; nil when nothing usable is left.
    static func title(from answer: String) -> String? {
        if let open = answer.firstIndex(of: "{"), let close = answer.lastIndex(of: "}"), open < close,
            let object = try? JSONParser.parse(answer[open...close].utf8),
            case let .string(title)? = object["title"]
        {
            return cleaned(title)
        }
        let line = answer.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return cleaned(line)
    }

    private static func cleaned(_ text: String) -> String? {
        let stripped = text.trimmingCharacters(in: CharacterSet(charactersIn: "\"'`*#_ \t").union(.whitespaces))
        guard !stripped.isEmpty else { return nil }
        return stripped.count > 120 ? String(stripped.prefix(120)) : stripped
    }
}
