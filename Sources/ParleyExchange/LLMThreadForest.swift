import GRDB

/// The 0.32+ threads of a `logs.db`, grouped into trees: threads whose chains reach the same root message
/// share their opening (llm stores each message once, by hash), so they are one conversation and each fork
/// is a branch of it.
///
/// Only the threads and one walk up each chain are held; a tree's messages are read when it is produced.
struct LLMThreadForest {
    /// A `threads` row with a tip.
    struct Thread {
        var id: String
        var name: String
        var tip: String
        /// Milliseconds since 1970, from `datetime_utc` (`2024-05-01 12:00:00.123456+00:00`).
        var createdAt: Int64?
    }

    /// One conversation to produce: a tree and the threads in it, oldest first; or a thread whose chain is
    /// broken, with the reason.
    enum Item {
        case tree(root: String, threads: [Thread])
        case broken(threadID: String, reason: String)
    }

    private(set) var items: [Item] = []

    /// Threads without a tip (created, never written to) hold no messages and are left out.
    init(_ db: Database) throws {
        var threads: [Thread] = []
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT id, name, tip_message_hash, datetime_utc FROM threads WHERE tip_message_hash IS NOT NULL")
        while let row = try cursor.next() {
            guard let id = row.llmNonEmptyText("id"), let tip = row.llmNonEmptyText("tip_message_hash") else {
                continue
            }
            threads.append(
                Thread(
                    id: id, name: row.llmText("name") ?? "", tip: tip,
                    createdAt: row.llmText("datetime_utc").flatMap(ExportTime.milliseconds(iso:))))
        }
        threads.sort(by: Self.isOlder)
        var indexByRoot: [String: Int] = [:]
        let parentSQL = "SELECT parent_hash FROM messages WHERE hash = ?"
        for thread in threads {
            switch try Self.walk(from: thread, db: db, sql: parentSQL) {
            case let .root(root):
                if let index = indexByRoot[root], case .tree(_, var grouped) = items[index] {
                    grouped.append(thread)
                    items[index] = .tree(root: root, threads: grouped)
                } else {
                    indexByRoot[root] = items.count
                    items.append(.tree(root: root, threads: [thread]))
                }
            case let .broken(reason):
                items.append(.broken(threadID: thread.id, reason: reason))
            }
        }
    }

    /// Oldest first by `datetime_utc`, then by id (ULIDs sort by time too); a thread without a time is last.
    static func isOlder(_ a: Thread, _ b: Thread) -> Bool {
        switch (a.createdAt, b.createdAt) {
        case let (x?, y?) where x != y: x < y
        case (_?, nil): true
        case (nil, _?): false
        default: a.id < b.id
        }
    }

    /// The ids of the threads the trees hold: a ≤0.31 conversation llm continued after upgrading became a
    /// thread of the same id whose chain replays the conversation's earlier turns.
    var threadIDs: Set<String> {
        var ids = Set<String>()
        for case let .tree(_, threads) in items { ids.formUnion(threads.map(\.id)) }
        return ids
    }

    /// Where the walk up a thread's chain ends.
    private enum Walk {
        case root(String)
        /// A missing message or a cycle, said as the reason.
        case broken(String)
    }

    /// The root message of the thread's chain, or why there is none.
    private static func walk(from thread: Thread, db: Database, sql: String) throws -> Walk {
        var visited = Set<String>()
        var hash = thread.tip
        var child: String?
        while true {
            guard visited.insert(hash).inserted else {
                return .broken(
                    "messages[\"\(child ?? hash)\"].parent_hash names \"\(hash)\", which is already on the chain from "
                        + "thread \(thread.id)'s tip: the chain is a cycle and has no first message")
            }
            guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [hash]) else {
                if let child {
                    return .broken(
                        "messages[\"\(child)\"].parent_hash names \"\(hash)\", which is not in messages")
                }
                return .broken("threads[\"\(thread.id)\"].tip_message_hash names \"\(hash)\", which is not in messages")
            }
            guard let parent = row.llmNonEmptyText("parent_hash") else { return .root(hash) }
            child = hash
            hash = parent
        }
    }
}
