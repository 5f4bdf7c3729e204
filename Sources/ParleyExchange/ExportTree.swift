import ParleyCore
import ParleyStore

/// An exported conversation's nodes with the parents they name, checked and mapped into messages the same way
/// for every format: ids unique, every parent a node of the conversation, no cycle.
///
/// A node may map to several messages (a DeepSeek node holding a prompt and its answer, a Claude answer split
/// around tool results): the first hangs from the parent, the next from the one before, and the node's children
/// from its last, its tail. A node that maps to nothing (DeepSeek's `root`, a damaged message) is left out and
/// its children hang from its nearest ancestor that was kept.
struct ExportTree {
    struct Node {
        var id: String
        var parent: String?
        var value: JSONValue
        /// How a failure names the node: `mapping["3"]`, `chat_messages[2]`.
        var field: String

        /// A node whose parent is `parent` (absent or null for a root; a string or integer id otherwise).
        init(
            id: String, parent: JSONValue?, value: JSONValue, field: String, parentField: String
        ) throws(ImportItemFailure) {
            switch parent {
            case nil, .null?:
                self.parent = nil
            case let parent?:
                guard let parentID = parent.sourceIDText else {
                    throw ImportItemFailure(
                        "\(field).\(parentField) is \(parent.excerpt), which is not an id (a string, a number or null)")
                }
                self.parent = parentID
            }
            self.id = id
            self.value = value
            self.field = field
        }

        init(id: String, parent: String?, value: JSONValue, field: String) {
            self.id = id
            self.parent = parent
            self.value = value
            self.field = field
        }
    }

    var nodes: [Node]
    /// The key holding a node's parent, for failures: `parent`, `parentId`, `parent_message_uuid`.
    var parentField: String
    /// Where a parent must be, for failures: `in the mapping`, `in chat_messages`.
    var scope: String

    /// The messages of every node in node order, and each mapped node's tail by node id.
    func messages(
        mapping: (Node) -> [ImportedMessage]?
    ) throws(ImportItemFailure) -> (messages: [ImportedMessage], tails: [String: String]) {
        var fields: [String: String] = [:]
        var parents: [String: String] = [:]
        fields.reserveCapacity(nodes.count)
        for node in nodes {
            if let other = fields[node.id] {
                throw ImportItemFailure("\(node.field) has the id \"\(node.id)\" of \(other): ids must be unique")
            }
            fields[node.id] = node.field
            parents[node.id] = node.parent
        }
        for node in nodes {
            if let parent = node.parent, fields[parent] == nil {
                throw ImportItemFailure(
                    "\(node.field).\(parentField) names \"\(parent)\", which is not \(scope)")
            }
        }
        let tree = SourceTree(parents: parents)
        if let id = tree.nodeOnCycle() {
            throw ImportItemFailure(
                "\(fields[id] ?? id).\(parentField) leads back to \"\(id)\": the parent links form a cycle, not a tree")
        }
        var piecesByID: [String: [ImportedMessage]] = [:]
        piecesByID.reserveCapacity(nodes.count)
        for node in nodes {
            if let pieces = mapping(node), !pieces.isEmpty { piecesByID[node.id] = pieces }
        }
        let tails = piecesByID.compactMapValues { $0.last?.sourceID }
        let anchors = tree.nearestKeptAncestors { piecesByID[$0] != nil }
        var messages: [ImportedMessage] = []
        messages.reserveCapacity(piecesByID.count)
        for node in nodes {
            guard var pieces = piecesByID[node.id] else { continue }
            pieces[0].parentSourceID = anchors[node.id].flatMap { tails[$0] }
            messages += pieces
        }
        return (messages, tails)
    }
}
