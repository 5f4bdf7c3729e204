import ParleyCore
import ParleyStore

/// One Claude.ai message (`{uuid, sender, text, content[], created_at, attachments[], files[]}`) as the Parley
/// messages it becomes.
///
/// `content` blocks are read in order: `text`, `thinking` (reasoning), `tool_use` (a call whose arguments are
/// its `input` as JSON text with sorted keys) and `tool_result` (a role `tool` message), an answer that used
/// tools being split as ``AnswerPieces`` says; other blocks are kept as `claude.<type>` parts. With no blocks
/// the message's `text` is its content. Attachments whose text Claude extracted become text parts
/// `"<file_name>:\n<extracted_content>"`; the rest, and `files`, become `claude.file` parts of the first piece.
enum ClaudeMessage {
    /// The pieces in order, their first parent still unset; nil for a message that is not an object or whose
    /// sender is neither `human` nor `assistant`, so that it is left out.
    static func pieces(id: String, _ message: JSONValue) -> [ImportedMessage]? {
        let role: MessageRole
        switch message["sender"]?.stringValue {
        case "human": role = .user
        case "assistant": role = .assistant
        default: return nil
        }
        var blocks = message["content"]?.arrayValue ?? []
        if blocks.isEmpty { blocks = [.object(["type": "text", "text": message["text"] ?? ""])] }
        var pieces = role == .assistant ? answer(id: id, blocks: blocks) : [prompt(id: id, blocks: blocks)]
        let createdAt = ExportTime.milliseconds(message["created_at"])
        for index in pieces.indices { pieces[index].createdAt = createdAt }
        if let last = pieces.indices.last, pieces[last].role == .assistant, pieces[last].toolCalls == nil,
            pieces[last].content == .text("")
        {
            pieces[last].status = .interrupted
        }
        let attached = attachments(message["attachments"]) + files(message["files"])
        if !attached.isEmpty, let first = pieces.indices.first {
            pieces[first].content = pieces[first].content.appending(attached)
        }
        return pieces
    }

    /// The user's message: its text blocks, and any other block kept as a part.
    private static func prompt(id: String, blocks: [JSONValue]) -> ImportedMessage {
        var texts: [String] = []
        var others: [JSONValue] = []
        for block in blocks {
            if block["type"] == "text" {
                if let text = block["text"]?.nonEmptyString { texts.append(text) }
            } else {
                others.append(part(block))
            }
        }
        return ImportedMessage(
            sourceID: id, parentSourceID: nil, role: .user,
            content: .exported(text: texts.joined(separator: "\n\n"), pieces: others))
    }

    private static func answer(id: String, blocks: [JSONValue]) -> [ImportedMessage] {
        var answer = AnswerPieces(id: id)
        for (index, block) in blocks.enumerated() {
            switch block["type"]?.stringValue {
            case "text":
                answer.addText(block["text"]?.stringValue ?? "")
            case "thinking":
                answer.addThought(block["thinking"]?.stringValue ?? "")
            case "tool_use":
                let input = block["input"] ?? .null
                answer.addCall(
                    id: block["id"]?.nonEmptyString ?? "call_\(id)_\(index)", name: block["name"]?.stringValue ?? "",
                    arguments: input.isNull ? "{}" : input.sortedJSONText)
            case "tool_result":
                answer.addResult(
                    callID: block["tool_use_id"]?.nonEmptyString, content: result(block["content"]),
                    fallbackName: block["name"]?.stringValue, failed: block["is_error"]?.boolValue == true)
            default:
                answer.addExtra(part(block))
            }
        }
        return answer.finish(keepingEmptyLast: false)
    }

    /// A result's `content`: a string, or a list of blocks whose texts are joined and whose others are parts.
    private static func result(_ value: JSONValue?) -> MessageContent {
        guard let blocks = value?.arrayValue else { return .text(value?.stringValue ?? "") }
        var texts: [String] = []
        var others: [JSONValue] = []
        for block in blocks {
            if let text = block.stringValue ?? (block["type"] == "text" ? block["text"]?.stringValue : nil) {
                texts.append(text)
            } else {
                others.append(part(block))
            }
        }
        return .exported(text: texts.joined(separator: "\n"), pieces: others)
    }

    private static func part(_ block: JSONValue) -> JSONValue {
        MessageContent.namespacedPart(block, type: "claude." + (block["type"]?.nonEmptyString ?? "block"))
    }

    private static func attachments(_ value: JSONValue?) -> [JSONValue] {
        (value?.arrayValue ?? []).map { attachment in
            guard let text = attachment["extracted_content"]?.nonEmptyString else {
                return MessageContent.namespacedPart(attachment, type: "claude.file")
            }
            return MessageContent.textPart((attachment["file_name"]?.stringValue ?? "attachment") + ":\n" + text)
        }
    }

    private static func files(_ value: JSONValue?) -> [JSONValue] {
        (value?.arrayValue ?? []).map { MessageContent.namespacedPart($0, type: "claude.file") }
    }
}
