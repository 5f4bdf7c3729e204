import GRDB
import ParleyCore

/// What `parley doctor` shows about a store: where it is, its schema, its size and contents, and its health.
public struct StoreReport: Sendable, Codable, Equatable {
    public var databasePath: String
    public var schemaVersion: String
    public var deviceID: EntityID
    public var journalMode: String
    public var integrity: String
    public var sizeBytes: Int64
    public var conversations: Int
    public var deletedConversations: Int
    public var messages: Int
    public var drafts: Int
    public var usageRecords: Int
    public var changes: Int

    enum CodingKeys: String, CodingKey {
        case conversations, messages, drafts, changes, integrity
        case databasePath = "database_path"
        case schemaVersion = "schema_version"
        case deviceID = "device_id"
        case journalMode = "journal_mode"
        case sizeBytes = "size_bytes"
        case deletedConversations = "deleted_conversations"
        case usageRecords = "usage_records"
    }
}

extension ParleyStore {
    /// Counts and checks the store. The integrity check reads every page, so it takes a moment on big files;
    /// without `checkIntegrity` the report says `not checked` and costs only the counts.
    public func report(checkIntegrity: Bool = true) async throws(ParleyError) -> StoreReport {
        let path = self.path
        let deviceID = self.deviceID
        return try await read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return StoreReport(
                databasePath: path,
                schemaVersion: try String.fetchOne(db, sql: "SELECT max(identifier) FROM grdb_migrations") ?? "none",
                deviceID: deviceID,
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown",
                integrity: checkIntegrity
                    ? try String.fetchAll(db, sql: "PRAGMA quick_check(5)").joined(separator: "; ") : "not checked",
                sizeBytes: pages * pageSize,
                conversations: try count("SELECT count(*) FROM conversation WHERE deleted = 0"),
                deletedConversations: try count("SELECT count(*) FROM conversation WHERE deleted = 1"),
                messages: try count("SELECT count(*) FROM message WHERE deleted = 0"),
                drafts: try count("SELECT count(*) FROM draft WHERE deleted = 0"),
                usageRecords: try count("SELECT count(*) FROM usage_record"),
                changes: try count("SELECT count(*) FROM change_log"))
        }
    }
}
