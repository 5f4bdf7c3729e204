import Foundation
import GRDB
import ParleyCore
import ParleyStore

/// Reads simonw/llm's SQLite log (`logs.db`) into ``ImportedConversation``s: the ≤0.31 `conversations` and
/// `responses` tables and the 0.32+ `messages`, `parts`, `threads` and `turns`, both of which an upgraded file
/// holds.
///
/// The file is opened read-only and never changed. Conversations are read one at a time, so a log of any
/// size is read with the memory of its largest conversation (plus the ids of its rows, to plan the reading).
///
/// ```swift
/// let reader = try LLMLogsReader(path: "/home/me/.config/io.datasette.llm/logs.db")
/// try reader.forEach { result in
///     switch result {
///     case let .success(conversation): try store(conversation)
///     case let .failure(failure): print("skipped:", failure)
///     }
/// }
/// ```
///
/// A turn both generations recorded (llm wrote both while it moved to the new tables; `turns.id` equals
/// `responses.id`) is imported once, from the new tables: a ≤0.31 conversation is left out when all its
/// responses are turns, or when a thread of the same id exists, since llm continuing an old conversation
/// replays its earlier turns into that thread's chain.
public final class LLMLogsReader {
    public let path: String
    private let queue: DatabaseQueue
    private let schema: LLMLogsSchema
    private var plan: Plan?

    /// What `forEach` will produce, worked out once.
    private struct Plan {
        var legacy: LLMLegacyResponses?
        var legacyItems: [LLMLegacyResponses.Item]
        var forest: LLMThreadForest?
    }

    private static let header = Array("SQLite format 3\0".utf8)

    /// Opens read-only; refuses a file that is not SQLite (its 16-byte header is checked before SQLite touches
    /// it) or an SQLite file without llm's tables.
    public init(path: String) throws(LLMLogsFailure) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .unreadable(path: path, reason: exists ? "permission denied" : "there is no such file")
        }
        let start = (try? handle.read(upToCount: Self.header.count)) ?? Data()
        try? handle.close()
        guard Array(start) == Self.header else { throw .notSQLite(path: path) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "llm logs.db"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .database(path: path, message: Self.message(of: error))
        }
        do {
            schema = try queue.read { try LLMLogsSchema($0) }
        } catch {
            throw .database(path: path, message: Self.message(of: error))
        }
        guard schema.hasLegacyTables || schema.hasMessageTables else { throw .notLLMLogs(path: path) }
    }

    /// The one place the database is closed, also when `init` refuses a file after opening it.
    deinit {
        try? queue.close()
    }

    /// How many conversations `forEach` will produce (for a progress bar), failures included.
    public func conversationCount() throws(LLMLogsFailure) -> Int {
        let plan = try currentPlan()
        return plan.legacyItems.count + (plan.forest?.items.count ?? 0)
    }

    /// Produces each conversation in turn, or the failure of that one conversation (named `conversation <id>`,
    /// `response <id>` or `thread <id>`) so the caller can skip it and go on. Errors `body` throws end the
    /// reading and are rethrown; an ``LLMLogsFailure`` says the file could not be read.
    public func forEach(_ body: (Result<ImportedConversation, ImportItemFailure>) throws -> Void) throws {
        let plan = try currentPlan()
        let schema = schema
        try queue.read { db in
            if let legacy = plan.legacy {
                for item in plan.legacyItems {
                    let name = LLMLegacyResponses.name(of: item)
                    try body(Self.attempt(name) { try legacy.conversation(db, item: item) })
                }
            }
            let graph = LLMMessageGraph(schema: schema)
            for item in plan.forest?.items ?? [] {
                switch item {
                case let .tree(root, threads):
                    let name = "thread \(threads.first?.id ?? root)"
                    try body(Self.attempt(name) { try graph.conversation(db, root: root, threads: threads) })
                case let .broken(threadID, reason):
                    try body(.failure(ImportItemFailure("thread \(threadID): \(reason)")))
                }
            }
        }
    }

    /// The conversation `make` maps, or its failure named after the item; SQLite failing on one conversation's
    /// rows fails that conversation only.
    private static func attempt(
        _ name: String, _ make: () throws -> ImportedConversation
    ) -> Result<ImportedConversation, ImportItemFailure> {
        do {
            return .success(try make())
        } catch let failure as ImportItemFailure {
            return .failure(ImportItemFailure("\(name): \(failure.reason)"))
        } catch {
            return .failure(ImportItemFailure("\(name): its rows could not be read (\(message(of: error)))"))
        }
    }

    private func currentPlan() throws(LLMLogsFailure) -> Plan {
        if let plan { return plan }
        let schema = schema
        do {
            let plan = try queue.read { db in
                let forest = schema.hasMessageTables ? try LLMThreadForest(db) : nil
                guard schema.hasLegacyTables else { return Plan(legacy: nil, legacyItems: [], forest: forest) }
                let legacy = try LLMLegacyResponses(db, schema: schema)
                let threadIDs = forest?.threadIDs ?? []
                let turnSQL = "SELECT 1 FROM turns WHERE id = ?"
                let items = try legacy.items(db) { item in
                    if let id = item.conversationID, threadIDs.contains(id) { return true }
                    guard schema.has("turns"), !item.responseIDs.isEmpty else { return false }
                    return try item.responseIDs.allSatisfy { id in
                        guard let id else { return false }
                        return try Row.fetchOne(db.cachedStatement(sql: turnSQL), arguments: [id]) != nil
                    }
                }
                return Plan(legacy: legacy, legacyItems: items, forest: forest)
            }
            self.plan = plan
            return plan
        } catch {
            throw .database(path: path, message: Self.message(of: error))
        }
    }

    private static func message(of error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return "\(error)"
    }
}
