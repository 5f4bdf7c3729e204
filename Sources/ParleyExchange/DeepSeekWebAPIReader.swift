import ParleyCore
import ParleyStore

/// DeepSeek's web API answer for one chat, as browser extensions save it: `{"data": {"biz_data": {chat_session,
/// chat_messages}}}`, or the `biz_data` object itself, or `{chat_session, chat_messages}`. Read through
/// ``DeepSeekReader``, whose format it shares.
///
/// Messages number themselves (`message_id`) and name their parent (`parent_id`, null at each root, so an
/// edited first prompt is a second root); the head is the session's `current_message_id`. Older API versions
/// put `content` and `thinking_content` on the message instead of `fragments`. `accumulated_token_usage` is
/// left out: it adds up every call of the chat so far, so it is no answer's own usage. A message that is not an
/// object, has no `message_id` or has a role other than USER, ASSISTANT or SYSTEM is left out, its children
/// hanging from its parent.
enum DeepSeekWebAPIReader {
    /// The object holding `chat_session` and `chat_messages`, at any of the three depths extensions save.
    static func session(in element: JSONValue) -> JSONValue? {
        for candidate in [element["data"]?["biz_data"], element["biz_data"], element] {
            if let candidate, candidate["chat_session"]?.objectValue != nil { return candidate }
        }
        return nil
    }

    static func conversation(from bizData: JSONValue) throws(ImportItemFailure) -> ImportedConversation {
        let session = bizData["chat_session"]
        guard let id = session?["id"]?.sourceIDText else {
            throw ImportItemFailure(
                "chat_session.id is \(session?["id"].excerpt ?? "missing"), which is not a chat id (a string)")
        }
        let list: [JSONValue]
        switch bizData["chat_messages"] {
        case nil, .null?: list = []
        case let .array(values)?: list = values
        case let other?:
            throw ImportItemFailure("chat_messages is \(other.excerpt), which is not an array of messages")
        }
        let messages = try messages(in: list)
        let head = session?["current_message_id"]?.sourceIDText
        return ImportedConversation(
            source: ImportFormat.deepseek.rawValue, sourceID: id, title: session?["title"]?.stringValue ?? "",
            createdAt: ExportTime.milliseconds(session?["inserted_at"]),
            updatedAt: ExportTime.milliseconds(session?["updated_at"]),
            headSourceID: messages.contains { $0.sourceID == head } ? head : nil, messages: messages)
    }

    // MARK: - Messages

    private static func messages(in list: [JSONValue]) throws(ImportItemFailure) -> [ImportedMessage] {
        var nodes: [ExportTree.Node] = []
        nodes.reserveCapacity(list.count)
        for (index, message) in list.enumerated() {
            guard message.objectValue != nil, let id = message["message_id"]?.sourceIDText else { continue }
            let field = "chat_messages[\(index)]"
            nodes.append(
                try ExportTree.Node(
                    id: id, parent: message["parent_id"], value: message, field: field, parentField: "parent_id"))
        }
        return try ExportTree(nodes: nodes, parentField: "parent_id", scope: "a message_id in chat_messages")
            .messages { message(id: $0.id, $0.value).map { [$0] } }.messages
    }

    /// One message, its parent still unset; nil for a role this reader does not know.
    private static func message(id: String, _ message: JSONValue) -> ImportedMessage? {
        let role: MessageRole
        switch message["role"]?.stringValue?.uppercased() {
        case "USER": role = .user
        case "ASSISTANT": role = .assistant
        case "SYSTEM": role = .system
        default: return nil
        }
        let fragments: DeepSeekFragments
        if let list = message["fragments"]?.arrayValue, !list.isEmpty {
            fragments = DeepSeekFragments(list)
        } else {
            fragments = DeepSeekFragments(
                content: message["content"]?.stringValue, thinking: message["thinking_content"]?.stringValue,
                isUser: role != .assistant)
        }
        let createdAt = ExportTime.milliseconds(message["inserted_at"])
        let files = message["files"]?.arrayValue ?? []
        guard role == .assistant else {
            return ImportedMessage(
                sourceID: id, parentSourceID: nil, role: role, content: fragments.requestContent(files: files),
                createdAt: createdAt)
        }
        var searches = fragments
        if let results = message["search_results"]?.arrayValue, !results.isEmpty {
            searches.activity.append(.object(["type": "deepseek.search", "results": .array(results)]))
        }
        return ImportedMessage(
            sourceID: id, parentSourceID: nil, role: .assistant, content: searches.answerContent(files: files),
            reasoningContent: fragments.reasoning, model: message["model"]?.nonEmptyString,
            status: fragments.answerStatus(message["status"]?.stringValue), createdAt: createdAt)
    }
}
