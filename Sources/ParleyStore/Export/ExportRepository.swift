import GRDB
import ParleyCore

/// Reads the store back out for `parley export`, one conversation at a time, as the entity states sync
/// carries: each conversation with its field stamps, every message of every branch (tombstones too), its
/// drafts with their version vectors, and its usage. Merging those states into an empty store rebuilds the same
/// content, down to the content digest.
public struct ExportRepository: Sendable {
    let store: ParleyStore

    /// The conversations to export, oldest first: those named (every one must exist), else all of them,
    /// deleted ones too; with `changedSince` (ms), only those changed since.
    public func conversationIDs(
        named: [EntityID]? = nil, changedSince: Int64? = nil
    ) throws(ParleyError)
        -> [EntityID]
    {
        try store.readNow { db in
            if let named {
                for id in named where try !ConversationRow.exists(db, id: id) {
                    throw ParleyError.notFound(entity: "conversation", id: id.rawValue)
                }
                let wanted = Set(named)
                return try Self.allIDs(db, changedSince: changedSince).filter(wanted.contains)
            }
            return try Self.allIDs(db, changedSince: changedSince)
        }
    }

    /// The conversation's own record first, then its messages (parents first), drafts and usage; nil when no
    /// conversation has that id.
    public func records(of id: EntityID) throws(ParleyError) -> [SyncRecord]? {
        try store.readNow { db in
            guard let conversation = try EntityStates.conversation(db, id) else { return nil }
            var records = [conversation]
            let messages = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT \(MessageRow.columns) FROM message WHERE conversation_id = ? ORDER BY created_at, row_id"
                ),
                arguments: [id.rawValue])
            records.append(contentsOf: try messages.map { .message(try MessageRow.decode($0)) })
            for draftID in try String.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM draft WHERE conversation_id = ? ORDER BY created_at, id"),
                arguments: [id.rawValue])
            {
                if let draft = try EntityStates.draft(db, EntityID(trusted: draftID)) { records.append(draft) }
            }
            let usage = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT \(UsageRow.columns) FROM usage_record WHERE conversation_id = ? ORDER BY created_at, id"
                ),
                arguments: [id.rawValue])
            records.append(contentsOf: try usage.map { .usage(try UsageRow.decode($0)) })
            return records
        }
    }

    /// Messages, drafts and usage records of no stored conversation (usage of calls made outside one, and what
    /// sync delivered before its conversation): exported too, so nothing is lost.
    public func unattachedRecords() throws(ParleyError) -> [SyncRecord] {
        try store.readNow { db in
            var records: [SyncRecord] = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(MessageRow.columns) FROM message
                    WHERE conversation_id NOT IN (SELECT id FROM conversation) ORDER BY created_at, row_id
                    """
            ).map { .message(try MessageRow.decode($0)) }
            for draftID in try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM draft WHERE conversation_id NOT IN (SELECT id FROM conversation)
                    ORDER BY created_at, id
                    """)
            {
                if let draft = try EntityStates.draft(db, EntityID(trusted: draftID)) { records.append(draft) }
            }
            let usage = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(UsageRow.columns) FROM usage_record
                    WHERE conversation_id IS NULL OR conversation_id NOT IN (SELECT id FROM conversation)
                    ORDER BY created_at, id
                    """)
            records.append(contentsOf: try usage.map { .usage(try UsageRow.decode($0)) })
            return records
        }
    }

    private static func allIDs(_ db: Database, changedSince: Int64?) throws -> [EntityID] {
        try String.fetchAll(
            db, sql: "SELECT id FROM conversation WHERE updated_at >= ? ORDER BY created_at, row_id",
            arguments: [changedSince ?? .min]
        ).map(EntityID.init(trusted:))
    }
}
