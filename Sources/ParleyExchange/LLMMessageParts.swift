import Foundation
import GRDB
import ParleyCore

/// What the `parts` rows of one 0.32+ message say, sorted into the fields of Parley messages.
///
/// A part of a type this reader does not know is kept as a content part `llm.<type>` holding its payload and
/// text, so a newer llm's parts are carried over whole instead of failing the conversation.
struct LLMMessageParts {
    /// One `tool_result` part; `callID` is nil when llm recorded none (the reader pairs it with a call).
    struct ToolResult {
        var callID: String?
        var name: String?
        var content: MessageContent
    }

    /// Text parts as `{"type": "text"}` and other pieces as they come, by position.
    private(set) var pieces: [JSONValue] = []
    private(set) var reasoning: [String] = []
    private(set) var toolCalls: [JSONValue] = []
    private(set) var toolResults: [ToolResult] = []
    private var hasNonText = false

    var isEmpty: Bool { pieces.isEmpty && toolCalls.isEmpty }

    /// Whether an answer said anything: text, a non-text piece or a tool call (thinking alone is cut off).
    var answers: Bool {
        hasNonText || !toolCalls.isEmpty || pieces.contains { $0["text"]?.stringValue?.isEmpty == false }
    }

    /// Plain text unless a piece is not text.
    var content: MessageContent {
        guard hasNonText else {
            return .text(pieces.compactMap { $0["text"]?.stringValue }.joined())
        }
        return .parts(pieces)
    }

    var reasoningContent: String? {
        let text = reasoning.joined()
        return text.isEmpty ? nil : text
    }

    /// Decodes `rows` (the message's parts by position); a damaged part fails naming its row and value.
    init(_ rows: [Row], message hash: String, references: inout LLMReferences) throws {
        for row in rows {
            let position = row.llmText("position") ?? "null"
            let place = "parts[\(row.llmText("id") ?? "null")] (message \"\(hash)\", position \(position))"
            let payload = try Self.payload(of: row, place: place)
            guard let type = row.llmNonEmptyText("type") else {
                throw ImportItemFailure(
                    "\(place).type is \(row.llmText("type").map { "\"\($0)\"" } ?? "null"), "
                        + "which is not one of text, reasoning, tool_call, tool_result, attachment")
            }
            switch type {
            case "text":
                pieces.append(["type": "text", "text": .string(try Self.text(row, payload, place, &references))])
            case "reasoning":
                reasoning.append(try Self.text(row, payload, place, &references))
            case "tool_call":
                let id = payload["tool_call_id"]?.nonEmptyString ?? "call_\(hash):\(position)"
                let name = payload["name"]?.nonEmptyString ?? row.llmText("tool_name") ?? ""
                toolCalls.append(
                    LLMUsage.toolCall(id: id, name: name, arguments: LLMUsage.argumentsText(payload["arguments"])))
            case "tool_result":
                toolResults.append(try Self.toolResult(row, payload, place, &references))
            case "attachment":
                hasNonText = true
                pieces.append(try Self.attachment(payload["attachment"], place, &references))
            default:
                hasNonText = true
                var object = payload
                if let text = row.llmText("text") { object["text"] = .string(text) }
                object["type"] = .string("llm.\(type)")
                pieces.append(.object(object))
            }
        }
    }

    private static func payload(of row: Row, place: String) throws -> [String: JSONValue] {
        guard let text = row.llmText("payload"), !text.isEmpty else { return [:] }
        guard let object = (try? JSONParser.parse(Array(text.utf8)))?.objectValue else {
            throw ImportItemFailure(
                "\(place).payload is \(text.prefix(80).debugDescription), which is not a JSON object")
        }
        return object
    }

    /// The part's text: the `text` column, or the `text_ref` pieces of its payload with each fragment's content.
    private static func text(
        _ row: Row, _ payload: [String: JSONValue], _ place: String, _ references: inout LLMReferences
    ) throws -> String {
        if let text = row.llmText("text") { return text }
        guard let reference = payload["text_ref"] else { return payload["text"]?.stringValue ?? "" }
        guard let pieces = reference.arrayValue else {
            throw ImportItemFailure(
                "\(place).payload.text_ref is not a list of {\"fragment\"} and {\"literal\"} pieces")
        }
        var text = ""
        for (index, piece) in pieces.enumerated() {
            if let literal = piece["literal"]?.stringValue {
                text += literal
            } else if let id = piece["fragment"]?.intValue {
                guard let content = try references.fragment(id) else {
                    throw ImportItemFailure(
                        "\(place).payload.text_ref[\(index)] names fragment \(id), which is not in fragments")
                }
                text += content
            } else {
                throw ImportItemFailure(
                    "\(place).payload.text_ref[\(index)] is neither {\"fragment\": id} nor {\"literal\": text}")
            }
        }
        return text
    }

    /// A result's text is its exception when the tool failed, else its output; attachments make it parts.
    private static func toolResult(
        _ row: Row, _ payload: [String: JSONValue], _ place: String, _ references: inout LLMReferences
    ) throws -> ToolResult {
        let output: String =
            switch payload["output"] {
            case let .string(text)?: text
            case nil, .null?: ""
            case let value?: (try? JSONCoding.encode(value)) ?? ""
            }
        let text = payload["exception"]?.nonEmptyString ?? output
        let attachments = try (payload["attachments"]?.arrayValue ?? []).map {
            try attachment($0, place, &references)
        }
        let textPart: JSONValue = ["type": "text", "text": .string(text)]
        return ToolResult(
            callID: payload["tool_call_id"]?.nonEmptyString,
            name: payload["name"]?.nonEmptyString ?? row.llmNonEmptyText("tool_name"),
            content: attachments.isEmpty ? .text(text) : .parts([textPart] + attachments))
    }

    /// An attachment named by id (`{"id": …}`, as llm stores them), or given whole.
    private static func attachment(
        _ value: JSONValue?, _ place: String, _ references: inout LLMReferences
    ) throws -> JSONValue {
        guard let id = value?["id"]?.nonEmptyString else {
            return LLMAttachmentPart.part(
                id: nil, mimeType: value?["type"]?.stringValue, path: value?["path"]?.stringValue,
                url: value?["url"]?.stringValue,
                content: value?["content"]?.stringValue.flatMap { Data(base64Encoded: $0) })
        }
        guard let part = try references.attachment(id) else {
            throw ImportItemFailure("\(place).payload names attachment \"\(id)\", which is not in attachments")
        }
        return part
    }
}
