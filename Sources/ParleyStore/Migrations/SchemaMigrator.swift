import Foundation
import GRDB
import ParleyCore

/// Brings a database to this binary's schema, or refuses with a clear reason and changes nothing.
///
/// GRDB's `DatabaseMigrator` applies the SQL files in order, each in its own transaction; this type adds what
/// the migrator lacks: a SHA-256 checksum per applied migration (an edited migration is refused), refusal of a
/// database migrated by a newer binary, and a backup copy before an existing database is migrated.
struct SchemaMigrator {
    let migrations: [EmbeddedMigration]
    let path: String
    /// Hears how far a long step (a search re-index) is.
    var progress: (@Sendable (MigrationProgress) -> Void)? = nil

    /// What ``migrate(_:)`` did, for logs and `parley doctor`.
    struct Outcome: Sendable, Equatable {
        var applied: [String]
        var backupPath: String?
    }

    private static let checksumTable = "parley_migration"

    /// Refuses a schema history this binary must not touch: an unknown (newer) migration, or an applied one
    /// whose text changed. Runs on the read-only connection of ``DatabaseFileCheck`` before anything is written.
    func verifyHistory(_ db: Database) throws {
        try verify(applied: makeMigrator().appliedIdentifiers(db), recorded: recordedChecksums(db))
    }

    func migrate(_ pool: DatabasePool) throws -> Outcome {
        let migrator = makeMigrator()
        let applied = try pool.read { db in
            try verifyHistory(db)
            return try migrator.appliedIdentifiers(db)
        }
        let pending = migrations.map(\.name).filter { !applied.contains($0) }
        guard !pending.isEmpty else { return Outcome(applied: [], backupPath: nil) }
        var backupPath: String?
        if !applied.isEmpty {
            backupPath = try backUp(pool, schemaVersion: applied.max() ?? "0")
        }
        try migrator.migrate(pool)
        return Outcome(applied: pending, backupPath: backupPath)
    }

    private func makeMigrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sql)
                if migration.sql.contains(SearchIndexRebuild.directive) {
                    try SearchIndexRebuild.run(db) { done, total in
                        progress?(
                            MigrationProgress(
                                migration: migration.name, activity: "re-indexing messages for search", done: done,
                                total: total))
                    }
                }
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS \(Self.checksumTable) (
                            name TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)
                        """)
                try db.execute(
                    sql: "INSERT INTO \(Self.checksumTable) (name, checksum, applied_at) VALUES (?, ?, ?)",
                    arguments: [migration.name, migration.checksum, HybridLogicalClock.systemWallClock()])
            }
        }
        return migrator
    }

    private func recordedChecksums(_ db: Database) throws -> [String: String] {
        guard try db.tableExists(Self.checksumTable) else { return [:] }
        let rows = try Row.fetchAll(db, sql: "SELECT name, checksum FROM \(Self.checksumTable)")
        return Dictionary(
            rows.map { ($0["name"] as String, $0["checksum"] as String) }, uniquingKeysWith: { a, _ in a })
    }

    private func verify(applied: Set<String>, recorded: [String: String]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.name, $0) })
        let unknown = applied.subtracting(known.keys).sorted()
        if !unknown.isEmpty {
            throw ParleyError.migrationRefused(
                path: path,
                reason: "it was migrated by a newer parley (it has \(unknown.joined(separator: ", ")), which this "
                    + "binary does not know); upgrade parley to open it")
        }
        for name in applied.sorted() {
            guard let migration = known[name] else { continue }
            guard let checksum = recorded[name] else {
                throw ParleyError.migrationRefused(
                    path: path, reason: "migration \(name) is applied but has no recorded checksum")
            }
            if checksum != migration.checksum {
                throw ParleyError.migrationRefused(
                    path: path,
                    reason: "migration \(name) was applied from a different text (recorded checksum \(checksum), "
                        + "this binary's \(migration.checksum)); a landed migration must never be edited")
            }
        }
    }

    /// Copies the database aside with SQLite's online backup, which includes what is still in the WAL.
    private func backUp(_ pool: DatabasePool, schemaVersion: String) throws -> String {
        let stamp = HybridLogicalClock.systemWallClock()
        let backupPath = "\(path).backup-\(schemaVersion)-\(stamp)"
        let destination = try DatabaseQueue(path: backupPath)
        try pool.backup(to: destination)
        try destination.close()
        return backupPath
    }
}
