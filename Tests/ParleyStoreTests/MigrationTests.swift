import Foundation
import GRDB
import ParleyCore
import ParleyTestSupport
import Testing

@testable import ParleyStore

@Suite struct MigrationTests {
    let folder = TemporaryFolder()
    var path: String { folder.file("parley.sqlite") }

    /// One more migration, as a later release would ship it.
    static let second = EmbeddedMigration(
        name: "9000_conversation_color", sql: "ALTER TABLE conversation ADD COLUMN color TEXT NOT NULL DEFAULT 'none';")

    private func configuration(_ migrations: [EmbeddedMigration]) -> StoreConfiguration {
        var configuration = StoreConfiguration()
        configuration.migrations = migrations
        return configuration
    }

    @Test func aFreshDatabaseGetsEveryMigrationInWALMode() async throws {
        let store = try ParleyStore.open(path: path)
        defer { try? store.close() }
        #expect(store.migrationsApplied == EmbeddedMigrations.all.map(\.name))
        #expect(store.backupPath == nil)
        let report = try await store.report()
        #expect(report.journalMode == "wal")
        #expect(report.schemaVersion == EmbeddedMigrations.all.last?.name)
        #expect(report.integrity == "ok")
    }

    @Test func theEmbeddedMigrationsAreTheFilesOfMigrationsFolder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
            .sorted()
        #expect(EmbeddedMigrations.all.map { $0.name + ".sql" } == files)
        for migration in EmbeddedMigrations.all {
            let text = try String(contentsOf: folder.appendingPathComponent(migration.name + ".sql"), encoding: .utf8)
            #expect(text == migration.sql)
        }
    }

    @Test func reopeningAnUpToDateDatabaseChangesNothing() throws {
        try ParleyStore.open(path: path).close()
        let again = try ParleyStore.open(path: path)
        defer { try? again.close() }
        #expect(again.migrationsApplied.isEmpty)
        #expect(again.backupPath == nil)
    }

    @Test func upgradingKeepsTheDataAndTakesABackupFirst() async throws {
        let old = try ParleyStore.open(path: path, configuration: configuration(EmbeddedMigrations.all))
        let (conversation, message): (Conversation, Message)
        do {
            conversation = try await old.conversations.create(NewConversation(title: "kept"))
            message = try await old.messages.append(
                NewMessage(conversationID: conversation.id, role: .user, content: .text("searchable words")))
            try old.close()
        }
        let upgraded = try ParleyStore.open(
            path: path, configuration: configuration(EmbeddedMigrations.all + [Self.second]))
        defer { try? upgraded.close() }
        #expect(upgraded.migrationsApplied == ["9000_conversation_color"])
        #expect(upgraded.deviceID == old.deviceID)
        #expect(try await upgraded.conversations.get(conversation.id).title == "kept")
        #expect(try await upgraded.messages.get(message.id) == message)
        #expect(try await upgraded.search.messages("searchable").items.map(\.messageID) == [message.id])
        let color = try await upgraded.pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT color FROM conversation WHERE id = ?", arguments: [conversation.id.rawValue])
        }
        #expect(color == "none")

        let backupPath = try #require(upgraded.backupPath)
        let backup = try DatabaseQueue(path: backupPath)
        defer { try? backup.close() }
        let (identifiers, title, count) = try await backup.read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
                try String.fetchOne(db, sql: "SELECT title FROM conversation"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM message")
            )
        }
        #expect(identifiers == EmbeddedMigrations.all.map(\.name))
        #expect(title == "kept")
        #expect(count == 1)
    }

    @Test func anEditedMigrationIsRefused() async throws {
        let original = try ParleyStore.open(path: path, configuration: configuration([EmbeddedMigrations.all[0]]))
        try original.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let tampered = EmbeddedMigration(name: "0001_initial", sql: EmbeddedMigrations.all[0].sql + "\n-- edited\n")
        let error = try #require(throws: ParleyError.self) {
            _ = try ParleyStore.open(path: path, configuration: configuration([tampered, Self.second]))
        }
        guard case let .migrationRefused(reportedPath, reason) = error else {
            Issue.record("expected a refusal, got \(error)")
            return
        }
        #expect(reportedPath == path)
        #expect(reason.contains("0001_initial"))
        #expect(reason.contains("checksum"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains("backup") })
    }

    @Test func aDatabaseFromANewerBinaryIsRefused() throws {
        try ParleyStore.open(path: path, configuration: configuration([EmbeddedMigrations.all[0], Self.second])).close()
        let error = try #require(throws: ParleyError.self) {
            _ = try ParleyStore.open(path: path, configuration: configuration([EmbeddedMigrations.all[0]]))
        }
        #expect(error.description.contains("newer parley"))
        #expect(error.description.contains("9000_conversation_color"))
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAsItIs() throws {
        let text = Data("these are my notes, not a database\n".utf8)
        try text.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: ParleyError.self) { _ = try ParleyStore.open(path: path) }
        guard case let .databaseUnreadable(_, reason) = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
        #expect(reason.contains("not an SQLite database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["parley.sqlite"])
    }

    @Test func aCorruptDatabaseIsRefusedAndLeftAsItIs() async throws {
        let store = try ParleyStore.open(path: path)
        let conversation = try await store.conversations.create(NewConversation(title: "soon damaged"))
        for index in 0..<200 {
            _ = try await store.messages.append(
                NewMessage(
                    conversationID: conversation.id, role: .user,
                    content: .text("message \(index) " + String(repeating: "filler ", count: 50))))
        }
        try store.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Keep the header, scribble over the rest of the first pages (the schema and the tables' roots).
        for offset in 100..<min(bytes.count, 16_384) { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 31) }
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: ParleyError.self) { _ = try ParleyStore.open(path: path) }
        guard case .databaseUnreadable = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func theDatabaseFileIsPrivate() throws {
        try ParleyStore.open(path: path).close()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
