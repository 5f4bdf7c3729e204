import GRDB
import ParleyCore

/// Finds the ``HitBranch`` of each hit of one search page, inside the page's read transaction.
///
/// Each conversation of the page is read once, as the shape of its tree only (id, parent, time, deleted), from
/// the `message_by_conversation` index, which holds exactly those columns: one range of index pages instead of a
/// table lookup per message walked. Everything else is worked out in memory.
struct BranchLocator {
    /// One message as the tree sees it.
    struct Node {
        var id: String
        var parentID: String?
        var createdAt: Int64
        var deleted: Bool
    }

    let db: Database
    private var trees: [String: ConversationTree] = [:]

    init(db: Database) {
        self.db = db
    }

    /// The hit's branch, or nil when the hit is the head of its conversation or one of the head's ancestors.
    mutating func branch(of hitID: String, conversationID: String, headID: String?) throws -> HitBranch? {
        if hitID == headID { return nil }
        if trees[conversationID] == nil {
            // A cursor decodes each column straight from SQLite; fetching Row values would copy every row first.
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT id, parent_id, created_at, deleted FROM message INDEXED BY message_by_conversation
                        WHERE conversation_id = ?
                        """),
                arguments: [conversationID])
            var nodes: [Node] = []
            while let row = try rows.next() {
                nodes.append(Node(id: row[0], parentID: row[1], createdAt: row[2], deleted: row[3]))
            }
            trees[conversationID] = ConversationTree(nodes: nodes, headID: headID)
        }
        return trees[conversationID]?.branch(of: hitID)
    }
}

/// One conversation's message tree, with its current branch marked.
///
/// Most hits are on the current branch, so only what that check needs is built up front: an index by id and
/// the walk up from the head. The siblings at a fork are looked up only for a hit off the branch.
private struct ConversationTree {
    private let nodes: [BranchLocator.Node]
    private let indexByID: [String: Int]
    private let currentBranch: Set<Int>

    init(nodes: [BranchLocator.Node], headID: String?) {
        var indexByID: [String: Int] = [:]
        indexByID.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() where indexByID[node.id] == nil {
            indexByID[node.id] = index
        }
        var branch = Set<Int>()
        var next = headID.flatMap { indexByID[$0] }
        while let index = next, branch.insert(index).inserted {
            next = nodes[index].parentID.flatMap { indexByID[$0] }
        }
        self.nodes = nodes
        self.indexByID = indexByID
        currentBranch = branch
    }

    /// Walks up from the hit to the last message before the current branch: its parent is the fork, and its
    /// place among the fork's live children is the branch's. A message whose parent is missing (sync may bring
    /// a reply before what it answers) counts as a root.
    func branch(of hitID: String) -> HitBranch? {
        guard var start = indexByID[hitID], !currentBranch.contains(start) else { return nil }
        var walked: Set = [start]
        while let parent = parent(of: start), !currentBranch.contains(parent), walked.insert(parent).inserted {
            start = parent
        }
        let fork = parent(of: start).flatMap { currentBranch.contains($0) ? $0 : nil }
        var branches = nodes.indices.filter { !nodes[$0].deleted && parent(of: $0) == fork }
        if !branches.contains(start) {
            // The hit's branch begins with a deleted message or one whose parent is missing: it is still the
            // branch the hit is on, so it is counted among the others.
            branches.append(start)
        }
        branches.sort { (nodes[$0].createdAt, nodes[$0].id) < (nodes[$1].createdAt, nodes[$1].id) }
        let position = branches.firstIndex(of: start) ?? 0
        return HitBranch(
            forkMessageID: fork.map { EntityID(trusted: nodes[$0].id) }, index: position + 1, count: branches.count)
    }

    private func parent(of index: Int) -> Int? {
        nodes[index].parentID.flatMap { indexByID[$0] }
    }
}
