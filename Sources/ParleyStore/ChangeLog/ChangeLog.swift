import GRDB
import ParleyCore

/// The change log: every mutation appends its row inside its own transaction; sync reads it back in order.
public struct ChangeLog: Sendable {
    let store: ParleyStore

    /// Changes with a sequence above `sequence`, oldest first.
    public func changes(after sequence: Int64 = 0, limit: Int = 1_000) async throws(ParleyError) -> [Change] {
        try await store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [sequence, limit]
            ).map(Self.change)
        }
    }

    /// The newest sequence number, 0 for an empty log.
    public func lastSequence() async throws(ParleyError) -> Int64 {
        try await store.read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM change_log") ?? 0 }
    }

    static func append(
        _ db: Database, _ entity: ChangeEntity, _ id: EntityID, _ operation: ChangeOperation, _ hlc: HybridTimestamp,
        fields: [String]? = nil
    ) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO change_log (hlc, entity, entity_id, operation, fields) VALUES (?, ?, ?, ?, ?)")
        try statement.execute(arguments: [
            hlc.description, entity.rawValue, id.rawValue, operation.rawValue,
            fields.map { $0.joined(separator: ",") },
        ])
    }

    /// The newest stamp stored, so a reopened store's clock continues after it.
    static func newestStamp(_ db: Database) throws -> HybridTimestamp? {
        guard let text = try String.fetchOne(db, sql: "SELECT max(hlc) FROM change_log") else { return nil }
        return try HybridTimestamp(validating: text, field: "change_log.hlc")
    }

    private static func change(_ row: Row) throws -> Change {
        let fields: String? = row["fields"]
        let entity: String = row["entity"]
        let operation: String = row["operation"]
        guard let entityKind = ChangeEntity(rawValue: entity), let operationKind = ChangeOperation(rawValue: operation)
        else {
            throw ParleyError.storage(
                reason: "change_log row \(row["seq"] as Int64) has entity \(entity), operation \(operation)")
        }
        return Change(
            sequence: row["seq"],
            hlc: try HybridTimestamp(validating: row["hlc"], field: "change_log.hlc"),
            entity: entityKind,
            entityID: EntityID(trusted: row["entity_id"]),
            operation: operationKind,
            fields: fields.map { $0.split(separator: ",").map(String.init) })
    }
}
