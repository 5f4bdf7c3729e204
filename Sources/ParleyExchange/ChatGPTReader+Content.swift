import ParleyCore
import ParleyStore

extension ChatGPTReader {
    /// What one mapping node contributes to the conversation.
    enum NodeRole {
        /// Not something a person saw (or too damaged to read): left out, its children attached above it.
        case skipped
        /// A `thoughts` node: reasoning for the next assistant message below it.
        case thoughts(reasoning: String, createdAt: Int64?, model: String?)
        /// A message; the walk fills in its parent, the reasoning above it and the call a tool result answers.
        case message(ImportedMessage)
    }

    /// Reads one node. A node whose message is not an object, has no author role Parley knows, or has no
    /// content object is skipped rather than failing the conversation.
    static func role(ofNode id: String, _ node: [String: JSONValue], defaultModel: String?) -> NodeRole {
        guard let message = node["message"]?.objectValue,
            let role = message["author"]?["role"]?.stringValue.flatMap(MessageRole.init(rawValue:)),
            let content = message["content"]?.objectValue
        else { return .skipped }
        let metadata = message["metadata"]?.objectValue ?? [:]
        if metadata["is_visually_hidden_from_conversation"]?.boolValue == true
            || metadata["is_user_system_message"]?.boolValue == true
        {
            return .skipped
        }
        let type = content["content_type"]?.stringValue ?? "text"
        let createdAt = time(message["create_time"])
        let model = role == .assistant ? metadata["model_slug"]?.nonEmptyString ?? defaultModel : nil
        switch type {
        case "user_editable_context", "reasoning_recap":
            return .skipped
        case "thoughts":
            let reasoning = reasoning(from: content["thoughts"])
            return reasoning.isEmpty ? .skipped : .thoughts(reasoning: reasoning, createdAt: createdAt, model: model)
        default:
            break
        }
        var imported = ImportedMessage(
            sourceID: id, parentSourceID: nil, role: role, content: .text(""), model: model,
            finishReason: metadata["finish_details"]?["type"]?.nonEmptyString,
            status: role == .assistant ? answerStatus(message, metadata) : .complete, createdAt: createdAt)
        let recipient = message["recipient"]?.nonEmptyString ?? "all"
        if role == .assistant, recipient != "all", type == "code" || type == "text" {
            let arguments = type == "code" ? content["text"]?.stringValue ?? "" : text(ofParts: content["parts"])
            imported.toolCalls = [
                [
                    "id": .string(callID(of: id)), "type": "function",
                    "function": ["name": .string(recipient), "arguments": .string(arguments)],
                ]
            ]
            return .message(imported)
        }
        imported.content = body(of: content, type: type)
        if case let .text(text) = imported.content, text.allSatisfy(\.isWhitespace) {
            if role == .system || (role == .assistant && type == "text") { return .skipped }
        }
        if role == .tool { imported.name = message["author"]?["name"]?.nonEmptyString }
        return .message(imported)
    }

    /// The id Parley gives the call an assistant node makes, which its tool results name.
    static func callID(of nodeID: String) -> String { "call_\(nodeID)" }

    /// Float seconds, ChatGPT's only kind of time.
    static func time(_ value: JSONValue?) -> Int64? {
        value?.numberValue.flatMap(ExportTime.milliseconds(seconds:))
    }

    /// A short rendering of a value for failure reasons.
    static func describe(_ value: JSONValue?) -> String {
        guard let value else { return "missing" }
        let text = (try? JSONCoding.encode(value)) ?? "\(value)"
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }

    // MARK: - Content

    /// A cut-off answer (still `in_progress` when exported, or stopped by the user) is interrupted.
    private static func answerStatus(_ message: [String: JSONValue], _ metadata: [String: JSONValue]) -> MessageStatus {
        let status = message["status"]?.stringValue
        let interrupted =
            status == "in_progress" || status == "finished_partial_completion"
            || metadata["finish_details"]?["type"]?.stringValue == "interrupted"
        return interrupted ? .interrupted : .complete
    }

    private static func body(of content: [String: JSONValue], type: String) -> MessageContent {
        let text = { (key: String) in content[key]?.stringValue ?? "" }
        switch type {
        case "text", "multimodal_text":
            return self.content(ofParts: content["parts"])
        case "code", "execution_output":
            return .text(text("text"))
        case "tether_browsing_display":
            return .text([text("result"), text("summary")].filter { !$0.isEmpty }.joined(separator: "\n\n"))
        case "tether_quote":
            return .text([text("title"), text("url"), text("text")].filter { !$0.isEmpty }.joined(separator: "\n"))
        case "system_error":
            return .text(text("name").isEmpty ? text("text") : "\(text("name")): \(text("text"))")
        default:
            var part = content
            part["type"] = .string("chatgpt.\(type)")
            return .parts([.object(part)])
        }
    }

    /// Parts of `text` and `multimodal_text`: strings and audio transcriptions are text, other objects are
    /// kept whole as `chatgpt.<content_type>` parts; all text gives plain text, joined by newlines.
    private static func content(ofParts value: JSONValue?) -> MessageContent {
        var parts: [JSONValue] = []
        var texts: [String] = []
        for part in value?.arrayValue ?? [] {
            switch part {
            case let .string(text):
                guard !text.isEmpty else { continue }
                texts.append(text)
                parts.append(["type": "text", "text": .string(text)])
            case var .object(object):
                let type = object["content_type"]?.nonEmptyString ?? "unknown"
                if type == "audio_transcription" {
                    guard let text = object["text"]?.nonEmptyString else { continue }
                    texts.append(text)
                    parts.append(["type": "text", "text": .string(text)])
                } else {
                    object["type"] = .string("chatgpt.\(type)")
                    parts.append(.object(object))
                }
            default:
                continue
            }
        }
        return parts.count == texts.count ? .text(texts.joined(separator: "\n")) : .parts(parts)
    }

    private static func text(ofParts value: JSONValue?) -> String {
        (value?.arrayValue ?? []).compactMap(\.stringValue).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Each thought as Markdown, `**summary**` over its content, thoughts apart by a blank line.
    private static func reasoning(from value: JSONValue?) -> String {
        (value?.arrayValue ?? []).compactMap { thought -> String? in
            switch (thought["summary"]?.nonEmptyString, thought["content"]?.nonEmptyString) {
            case let (summary?, content?): "**\(summary)**\n\n\(content)"
            case let (summary?, nil): "**\(summary)**"
            case let (nil, content?): content
            case (nil, nil): nil
            }
        }.joined(separator: "\n\n")
    }
}
