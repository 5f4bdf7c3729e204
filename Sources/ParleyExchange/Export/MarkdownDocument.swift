import Foundation
import ParleyCore

/// The Markdown text of one conversation's current branch.
struct MarkdownDocument {
    let conversation: Conversation
    let branch: [Message]

    var text: String {
        var lines = ["---"]
        lines.append("title: " + Self.quoted(conversation.title))
        lines.append("id: " + conversation.id.rawValue)
        lines.append("model: " + Self.quoted(conversation.model))
        let models = Set(branch.compactMap(\.model)).sorted()
        if !models.isEmpty { lines.append("models: [" + models.map(Self.quoted).joined(separator: ", ") + "]") }
        lines.append("tags: [" + conversation.tags.map(Self.quoted).joined(separator: ", ") + "]")
        lines.append("created: " + Self.time(conversation.createdAt))
        lines.append("updated: " + Self.time(conversation.updatedAt))
        if conversation.pinned { lines.append("pinned: true") }
        if conversation.archived { lines.append("archived: true") }
        if let source = conversation.source { lines.append("source: " + Self.quoted(source)) }
        if let sourceID = conversation.sourceID { lines.append("source_id: " + Self.quoted(sourceID)) }
        lines.append("---")
        lines.append("")
        lines.append("# " + (conversation.title.isEmpty ? "Untitled conversation" : conversation.title))
        for message in branch { lines.append(""); lines.append(contentsOf: Self.section(message)) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func section(_ message: Message) -> [String] {
        var heading = "## " + message.role.rawValue.prefix(1).uppercased() + message.role.rawValue.dropFirst()
        if let name = message.name {
            heading += " (\(name))"
        } else if let model = message.model {
            heading += " (\(model))"
        }
        var lines = [heading, ""]
        if let reasoning = message.reasoningContent, !reasoning.isEmpty {
            lines.append(contentsOf: ["<details>", "<summary>Thinking</summary>", "", reasoning, "", "</details>", ""])
        }
        let text = message.content.searchableText
        if message.role == .tool {
            lines.append(contentsOf: fenced(text, language: ""))
        } else if !text.isEmpty {
            lines.append(text)
        }
        if case let .parts(parts) = message.content {
            for part in parts where part["type"]?.stringValue != "text" {
                lines.append("")
                lines.append("*[\(part["type"]?.stringValue ?? "part")]*")
            }
        }
        for call in message.toolCalls?.arrayValue ?? [] {
            let name = call["function"]?["name"]?.stringValue ?? "tool"
            lines.append("")
            lines.append("**Tool call** `\(name)`")
            lines.append(contentsOf: fenced(call["function"]?["arguments"]?.stringValue ?? "", language: "json"))
        }
        return lines
    }

    /// A fence longer than any run of backticks inside, so the text cannot close it.
    private static func fenced(_ text: String, language: String) -> [String] {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [fence + language, text, fence]
    }

    /// A YAML string: JSON's quoting is valid YAML.
    static func quoted(_ text: String) -> String {
        (try? JSONCoding.encode(text)) ?? "\"\""
    }

    static func time(_ milliseconds: Int64) -> String {
        RFC3339.string(fromMilliseconds: milliseconds)
    }
}
