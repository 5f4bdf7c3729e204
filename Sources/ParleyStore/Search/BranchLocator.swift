import GRDB
import ParleyCore

/// Finds the ``HitBranch`` of each hit of one search page, inside the page's read transaction.
///
/// A page holds at most ``SearchRepository/maximumPageSize`` hits, so the work stays small: each conversation's
/// current branch is walked once (a recursive query from its head), and each hit off that branch is walked up
/// one indexed lookup at a time only until it meets it. What one walk learns serves every later hit that
/// passes the same messages.
struct BranchLocator {
    /// One message as the tree sees it.
    struct Node {
        var id: String
        var parentID: String?
        var createdAt: Int64
        var deleted: Bool
    }

    /// Where an off-branch message leaves the current branch: the fork and the first message after it.
    private struct Departure {
        var forkID: String?
        var start: Node
    }

    let db: Database
    /// The ids on each conversation's current branch, head to root, walked when a hit first needs them.
    private var currentBranches: [String: Set<String>] = [:]
    private var departures: [String: Departure] = [:]
    /// The branches at each fork (keyed by fork id, or by conversation for its roots), oldest first.
    private var branchesAtFork: [String: [Node]] = [:]

    init(db: Database) {
        self.db = db
    }

    /// The hit's branch, or nil when the hit is the head of its conversation or one of the head's ancestors.
    mutating func branch(of hit: Node, conversationID: String, headID: String?) throws -> HitBranch? {
        if hit.id == headID { return nil }
        let current = try currentBranch(conversationID: conversationID, headID: headID)
        if current.contains(hit.id) { return nil }
        let departure = try departure(of: hit, from: current)
        let key = departure.forkID ?? "roots of " + conversationID
        var branches = try branchesAtFork[key] ?? children(of: departure.forkID, conversationID: conversationID)
        branchesAtFork[key] = branches
        if !branches.contains(where: { $0.id == departure.start.id }) {
            // The hit's branch begins with a deleted message or one whose parent is missing: it is still the
            // branch the hit is on, so it is counted among the others.
            branches.append(departure.start)
            branches.sort(by: Self.isOlder)
        }
        let index = branches.firstIndex { $0.id == departure.start.id } ?? 0
        return HitBranch(
            forkMessageID: departure.forkID.map(EntityID.init(trusted:)), index: index + 1, count: branches.count)
    }

    private mutating func currentBranch(conversationID: String, headID: String?) throws -> Set<String> {
        if let known = currentBranches[conversationID] { return known }
        var ids = Set<String>()
        if let headID {
            ids = Set(
                try String.fetchAll(
                    db,
                    sql: """
                        WITH RECURSIVE branch(id, parent_id, depth) AS (
                            SELECT id, parent_id, 0 FROM message WHERE id = ?
                            UNION ALL
                            SELECT message.id, message.parent_id, branch.depth + 1
                            FROM message JOIN branch ON message.id = branch.parent_id
                            WHERE branch.depth < 1000000
                        )
                        SELECT id FROM branch
                        """,
                    arguments: [headID]))
        }
        currentBranches[conversationID] = ids
        return ids
    }

    /// Walks up from `hit` until the parent is on the current branch (the fork) or there is no parent.
    private mutating func departure(of hit: Node, from current: Set<String>) throws -> Departure {
        var walked = Set<String>()
        var node = hit
        var found: Departure
        while true {
            if let known = departures[node.id] {
                found = known
                break
            }
            walked.insert(node.id)
            guard let parentID = node.parentID, !walked.contains(parentID), let parent = try self.node(parentID)
            else {
                found = Departure(forkID: nil, start: node)
                break
            }
            if current.contains(parentID) {
                found = Departure(forkID: parentID, start: node)
                break
            }
            node = parent
        }
        for id in walked { departures[id] = found }
        return found
    }

    private func node(_ id: String) throws -> Node? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, parent_id, created_at, deleted FROM message WHERE id = ?"),
            arguments: [id]
        ).map(Self.node)
    }

    /// The live children of `forkID`, or the conversation's live roots when there is no fork, oldest first.
    private func children(of forkID: String?, conversationID: String) throws -> [Node] {
        let rows =
            if let forkID {
                try Row.fetchAll(
                    db,
                    sql: "SELECT id, parent_id, created_at, deleted FROM message WHERE parent_id = ? AND deleted = 0",
                    arguments: [forkID])
            } else {
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, parent_id, created_at, deleted FROM message
                        WHERE conversation_id = ? AND parent_id IS NULL AND deleted = 0
                        """,
                    arguments: [conversationID])
            }
        return rows.map(Self.node).sorted(by: Self.isOlder)
    }

    private static func node(_ row: Row) -> Node {
        Node(id: row["id"], parentID: row["parent_id"], createdAt: row["created_at"], deleted: row["deleted"])
    }

    private static func isOlder(_ first: Node, _ second: Node) -> Bool {
        (first.createdAt, first.id) < (second.createdAt, second.id)
    }
}
