import ParleyCore
import ParleyStore

/// Claude.ai's `conversations.json`: each element is `{uuid, name, summary, created_at, updated_at,
/// chat_messages[]}`; `name` is often "" and `summary` is not stored. Claude names no model anywhere.
///
/// Each message names its parent in `parent_message_uuid`, the root's being the nil uuid
/// `00000000-0000-4000-8000-000000000000`; older exports have the field on no message, and then the list
/// order is the one branch. The head is `current_leaf_message_uuid` where the export has it, else the newest
/// leaf. A message that is not an object or has an unknown sender is left out, its children hanging from its
/// parent (in list order, from the one before it).
enum ClaudeReader: JSONConversationReader {
    static let format = ImportFormat.claude

    /// The parent Claude writes for a conversation's first message.
    static let rootParent = "00000000-0000-4000-8000-000000000000"

    static func recognizes(_ element: JSONValue) -> Bool {
        element["uuid"]?.stringValue != nil && element["chat_messages"]?.arrayValue != nil
            && element["chat_session"] == nil
    }

    static func conversation(from element: JSONValue) throws(ImportItemFailure) -> ImportedConversation {
        guard let id = element["uuid"]?.sourceIDText else {
            throw ImportItemFailure("uuid is \(element["uuid"].excerpt), which is not a conversation id (a string)")
        }
        let list: [JSONValue]
        switch element["chat_messages"] {
        case nil, .null?: list = []
        case let .array(values)?: list = values
        case let other?:
            throw ImportItemFailure("chat_messages is \(other.excerpt), which is not an array of messages")
        }
        let (messages, tails) = try ExportTree(
            nodes: try nodes(list), parentField: "parent_message_uuid", scope: "a message of this conversation"
        ).messages { ClaudeMessage.pieces(id: $0.id, $0.value) }
        return ImportedConversation(
            source: format.rawValue, sourceID: id, title: element["name"]?.stringValue ?? "",
            createdAt: ExportTime.milliseconds(element["created_at"]),
            updatedAt: ExportTime.milliseconds(element["updated_at"]),
            headSourceID: element["current_leaf_message_uuid"]?.sourceIDText.flatMap { tails[$0] },
            messages: messages)
    }

    /// The messages with their parents: the field's where any message has it (a message without it, or with the
    /// nil uuid or null, is a root), else the message before. A message without a `uuid` is left out.
    private static func nodes(_ list: [JSONValue]) throws(ImportItemFailure) -> [ExportTree.Node] {
        let hasParents = list.contains { $0["parent_message_uuid"] != nil }
        var nodes: [ExportTree.Node] = []
        nodes.reserveCapacity(list.count)
        for (index, message) in list.enumerated() {
            guard let id = message["uuid"]?.sourceIDText else { continue }
            let field = "chat_messages[\(index)]"
            var parent: String?
            if !hasParents {
                parent = nodes.last?.id
            } else if let value = message["parent_message_uuid"], !value.isNull, value != "" {
                guard let parentID = value.sourceIDText else {
                    throw ImportItemFailure(
                        "\(field).parent_message_uuid is \(value.excerpt), which is not a message uuid or null")
                }
                parent = parentID == rootParent ? nil : parentID
            }
            nodes.append(ExportTree.Node(id: id, parent: parent, value: message, field: field))
        }
        return nodes
    }
}
