import ParleyCore
import ParleyStore

/// Open WebUI's chat export (`chat-export-<ms>.json`): each element is `{id, user_id, title, chat, created_at,
/// updated_at, archived, pinned, meta {tags}, folder_id}`, or, in some exports, the bare `chat` object
/// `{id?, title, models, history, messages, timestamp}`.
///
/// The tree is `chat.history.messages` (id → message, each naming its `parentId`) with `history.currentId` as
/// the head; `chat.messages[]` is a linear copy that can be stale, read only when there is no history (each
/// message's parent is then its `parentId`, else the one before it). Several models answering one prompt are
/// siblings already. A message that is not an object or has an unknown role is left out, its children
/// hanging from its parent.
enum OpenWebUIReader: JSONConversationReader {
    static let format = ImportFormat.openWebUI

    static func recognizes(_ element: JSONValue) -> Bool {
        if let chat = element["chat"], chat.objectValue != nil {
            return isChat(chat) || element["user_id"] != nil
        }
        return isChat(element)
    }

    /// A `history` with a `messages` object, or (with no history) a `messages` array beside a `models` array.
    private static func isChat(_ chat: JSONValue) -> Bool {
        chat["history"]?["messages"]?.objectValue != nil
            || (chat["messages"]?.arrayValue != nil && chat["models"]?.arrayValue != nil)
    }

    static func conversation(from element: JSONValue) throws(ImportItemFailure) -> ImportedConversation {
        let wrapper: JSONValue? = element["chat"]?.objectValue != nil ? element : nil
        let chat = wrapper?["chat"] ?? element
        guard let id = wrapper?["id"]?.sourceIDText ?? chat["id"]?.sourceIDText ?? timestampID(chat) else {
            throw ImportItemFailure(
                "id is \(element["id"].excerpt), and the chat has neither an id nor a timestamp to be known by")
        }
        var conversation = ImportedConversation(
            source: format.rawValue, sourceID: id,
            title: wrapper?["title"]?.nonEmptyString ?? chat["title"]?.stringValue ?? "",
            model: chat["models"]?.arrayValue?.first?.nonEmptyString,
            createdAt: ExportTime.milliseconds(secondsOrMilliseconds: wrapper?["created_at"])
                ?? ExportTime.milliseconds(secondsOrMilliseconds: chat["timestamp"]),
            updatedAt: ExportTime.milliseconds(secondsOrMilliseconds: wrapper?["updated_at"]),
            tags: tags(wrapper?["meta"]?["tags"], chat["tags"]),
            pinned: wrapper?["pinned"]?.boolValue ?? false, archived: wrapper?["archived"]?.boolValue ?? false)
        let nodes: [ExportTree.Node]
        var head: String?
        switch chat["history"]?["messages"] {
        case let .object(messages)? where !messages.isEmpty:
            nodes = try historyNodes(messages)
            head = chat["history"]?["currentId"]?.sourceIDText
        case nil, .null?, .object?:
            nodes = try linearNodes(chat["messages"])
            head = nodes.last?.id
        case let other?:
            throw ImportItemFailure(
                "chat.history.messages is \(other.excerpt), which is not an object of messages by id")
        }
        let (messages, tails) = try ExportTree(nodes: nodes, parentField: "parentId", scope: "a message of this chat")
            .messages { OpenWebUIMessage.pieces(id: $0.id, $0.value) }
        conversation.messages = messages
        conversation.headSourceID = head.flatMap { tails[$0] }
        return conversation
    }

    /// A chat with no id is known by its creation time, which every export of it repeats.
    private static func timestampID(_ chat: JSONValue) -> String? {
        chat["timestamp"]?.intValue.map { "chat-\($0)" }
    }

    /// `meta.tags` and `chat.tags` (strings, or objects with a `name`), empty ones dropped, each once.
    private static func tags(_ lists: JSONValue?...) -> [String] {
        var seen = Set<String>()
        var tags: [String] = []
        for tag in lists.flatMap({ $0?.arrayValue ?? [] }) {
            guard let name = tag.nonEmptyString ?? tag["name"]?.nonEmptyString, seen.insert(name).inserted else {
                continue
            }
            tags.append(name)
        }
        return tags
    }

    // MARK: - The tree

    /// The history's messages in id order, so the same export always gives the same list.
    private static func historyNodes(_ messages: [String: JSONValue]) throws(ImportItemFailure) -> [ExportTree.Node] {
        var nodes: [ExportTree.Node] = []
        nodes.reserveCapacity(messages.count)
        for (id, message) in messages {
            let field = "chat.history.messages[\"\(id)\"]"
            switch message["parentId"] {
            case nil, .null?:
                nodes.append(ExportTree.Node(id: id, parent: nil, value: message, field: field))
            case let parent?:
                guard let parentID = parent.sourceIDText else {
                    throw ImportItemFailure("\(field).parentId is \(parent.excerpt), which is not a message id or null")
                }
                nodes.append(ExportTree.Node(id: id, parent: parentID, value: message, field: field))
            }
        }
        return nodes.sorted { $0.id < $1.id }
    }

    /// The stale-prone linear copy: a message without an id is left out, one without `parentId` follows the one
    /// before it.
    private static func linearNodes(_ value: JSONValue?) throws(ImportItemFailure) -> [ExportTree.Node] {
        guard let list = value?.arrayValue else { return [] }
        var nodes: [ExportTree.Node] = []
        for (index, message) in list.enumerated() {
            guard let id = message["id"]?.sourceIDText else { continue }
            let field = "chat.messages[\(index)]"
            let parent: String?
            switch message["parentId"] {
            case nil:
                parent = nodes.last?.id
            case .null?:
                parent = nil
            case let value?:
                guard let parentID = value.sourceIDText else {
                    throw ImportItemFailure("\(field).parentId is \(value.excerpt), which is not a message id or null")
                }
                parent = parentID
            }
            nodes.append(ExportTree.Node(id: id, parent: parent, value: message, field: field))
        }
        return nodes
    }
}
