import ParleyCore
import ParleyStore

/// chat.deepseek.com's export (`conversations.json`: `{id, title, inserted_at, updated_at, mapping}` each), and
/// the web API's shape that browser extensions save, read by ``DeepSeekWebAPIReader``.
///
/// The export's messages have no role: a node with a `REQUEST` fragment is the user's, any other is an answer,
/// and a node holding both is split into the user's message `"<id>"` and the answer `"<id>:1"`. The `root` node
/// has no message and is left out, its children becoming roots. A node whose `message` is not an object, or
/// whose `fragments` is not an array, is left out the same way: its children hang from its parent, and the
/// rest of the conversation is kept. The export names no current node, so the head is left to the newest leaf.
enum DeepSeekReader: JSONConversationReader {
    static let format = ImportFormat.deepseek

    static func recognizes(_ element: JSONValue) -> Bool {
        isWebExport(element) || DeepSeekWebAPIReader.session(in: element) != nil
    }

    static func conversation(from element: JSONValue) throws(ImportItemFailure) -> ImportedConversation {
        if let session = DeepSeekWebAPIReader.session(in: element) {
            return try DeepSeekWebAPIReader.conversation(from: session)
        }
        guard let id = element["id"]?.sourceIDText else {
            throw ImportItemFailure("id is \(element["id"].excerpt), which is not a conversation id (a string)")
        }
        var conversation = ImportedConversation(
            source: format.rawValue, sourceID: id, title: element["title"]?.stringValue ?? "",
            createdAt: ExportTime.milliseconds(element["inserted_at"]),
            updatedAt: ExportTime.milliseconds(element["updated_at"]))
        switch element["mapping"] {
        case nil, .null?:
            return conversation
        case let .object(mapping)?:
            conversation.messages = try messages(in: mapping)
            return conversation
        case let other?:
            throw ImportItemFailure("mapping is \(other.excerpt), which is not an object of nodes by id")
        }
    }

    /// An object with a `mapping` whose nodes carry `fragments` (or DeepSeek's `root` and `inserted_at`), and
    /// none of ChatGPT's `current_node` or `create_time`.
    static func isWebExport(_ element: JSONValue) -> Bool {
        guard let mapping = element["mapping"]?.objectValue, element["current_node"] == nil,
            element["create_time"] == nil
        else { return false }
        if mapping["root"] != nil, element["inserted_at"] != nil { return true }
        return mapping.values.contains { $0["message"]?["fragments"]?.arrayValue != nil }
    }

    // MARK: - The tree

    /// Every message of the mapping, parents named by source id, skipped nodes bridged.
    private static func messages(in mapping: [String: JSONValue]) throws(ImportItemFailure) -> [ImportedMessage] {
        var nodes: [ExportTree.Node] = []
        nodes.reserveCapacity(mapping.count)
        for (key, node) in mapping {
            let field = "mapping[\"\(key)\"]"
            guard node.objectValue != nil else {
                throw ImportItemFailure("\(field) is \(node.excerpt), which is not a node object")
            }
            nodes.append(
                try ExportTree.Node(id: key, parent: node["parent"], value: node, field: field, parentField: "parent"))
        }
        nodes.sort { $0.id < $1.id }
        return try ExportTree(nodes: nodes, parentField: "parent", scope: "in the mapping")
            .messages { pieces(of: $0.id, message: $0.value["message"]) }.messages
    }

    /// The message or messages of one node: nil for `root` and for a damaged message, one for a request or an
    /// answer, two (the request, then the answer as `"<id>:1"`) when the node holds both.
    private static func pieces(of key: String, message: JSONValue?) -> [ImportedMessage]? {
        guard let message, message.objectValue != nil else { return nil }
        let fragments: [JSONValue]
        switch message["fragments"] {
        case nil, .null?: fragments = []
        case let .array(values)?: fragments = values
        default: return nil
        }
        let sorted = DeepSeekFragments(fragments)
        let files = message["files"]?.arrayValue ?? []
        let createdAt = ExportTime.milliseconds(message["inserted_at"])
        let model = message["model"]?.nonEmptyString
        let status = message["status"]?.stringValue
        guard sorted.isRequest else {
            return [
                ImportedMessage(
                    sourceID: key, parentSourceID: nil, role: .assistant, content: sorted.answerContent(files: files),
                    reasoningContent: sorted.reasoning, model: model, status: sorted.answerStatus(status),
                    createdAt: createdAt)
            ]
        }
        let request = ImportedMessage(
            sourceID: key, parentSourceID: nil, role: .user, content: sorted.requestContent(files: files),
            createdAt: createdAt)
        guard sorted.hasAnswer else { return [request] }
        let answer = ImportedMessage(
            sourceID: key + ":1", parentSourceID: key, role: .assistant, content: sorted.answerContent(),
            reasoningContent: sorted.reasoning, model: model, status: sorted.answerStatus(status),
            createdAt: createdAt)
        return [request, answer]
    }
}
