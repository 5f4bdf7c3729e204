import ParleyCore
import ParleyStore

/// An Open WebUI answer's `output[]` (newer versions), in the Responses API's item shapes: `reasoning`,
/// `message`, `function_call {call_id, name, arguments}` and `function_call_output {call_id, output}`.
///
/// Items are read in order: text and reasoning gather into an assistant message, calls attach to it, and each
/// result closes it and follows as a tool message, so an answer that used tools reads assistant(calls) →
/// tool results → assistant(final text). Items of other types are kept as `open-webui.<type>` parts.
struct OpenWebUIOutput {
    var id: String
    var items: [JSONValue]

    /// The pieces, ids `"<id>"`, `"<id>:1"`, `"<id>:2"`… in order, each the parent of the next; the last
    /// assistant message is left out when it would be empty unless `keepingEmptyLast` (a cut-off or failed
    /// answer still needs a message to say so).
    func pieces(keepingEmptyLast: Bool) -> [ImportedMessage] {
        var answer = AnswerPieces(id: id)
        for (index, item) in items.enumerated() {
            switch item["type"]?.stringValue {
            case "message":
                answer.addText(Self.text(of: item))
            case "reasoning":
                answer.addThought(Self.text(of: item))
            case "function_call":
                answer.addCall(
                    id: item["call_id"]?.nonEmptyString ?? "call_\(id)_\(index)", name: item["name"]?.stringValue ?? "",
                    arguments: Self.arguments(item["arguments"]))
            case "function_call_output":
                answer.addResult(
                    callID: item["call_id"]?.nonEmptyString, content: .text(Self.text(ofOutput: item["output"])),
                    fallbackName: item["name"]?.stringValue)
            case let type:
                answer.addExtra(MessageContent.namespacedPart(item, type: "open-webui." + (type ?? "item")))
            }
        }
        return answer.finish(keepingEmptyLast: keepingEmptyLast)
    }

    /// An item's text: a string `content`, the `text` of its content parts (`output_text`, `reasoning_text`),
    /// a reasoning item's `summary` texts, or its `text`.
    private static func text(of item: JSONValue) -> String {
        if let text = item["content"]?.stringValue { return text }
        let parts = (item["content"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
        if !parts.isEmpty { return parts.joined(separator: "\n") }
        let summary = (item["summary"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue ?? $0.stringValue }
        if !summary.isEmpty { return summary.joined(separator: "\n") }
        return item["text"]?.stringValue ?? ""
    }

    /// A call's arguments as JSON text: a string as written, an object encoded, `{}` when absent.
    private static func arguments(_ value: JSONValue?) -> String {
        switch value {
        case let .string(text)?: text
        case nil, .null?: "{}"
        case let value?: value.sortedJSONText
        }
    }

    /// A result's text: a string, the texts of its parts, or other JSON as text.
    private static func text(ofOutput value: JSONValue?) -> String {
        switch value {
        case let .string(text)?: return text
        case nil, .null?: return ""
        case let .array(parts)?:
            let texts = parts.compactMap { $0["text"]?.stringValue ?? $0.stringValue }
            return texts.count == parts.count ? texts.joined(separator: "\n") : JSONValue.array(parts).sortedJSONText
        case let value?: return value.sortedJSONText
        }
    }
}
