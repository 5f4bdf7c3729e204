import GRDB
import ParleyCore
import ParleyTestSupport
import Synchronization
import Testing

@testable import ParleyStore

/// Migration 0012 rebuilds the search index of a store made by the schema before it, so what was stored
/// before the upgrade finds its word forms too, and still only what is live.
@Suite struct SearchMigrationTests {
    let folder = TemporaryFolder()
    var path: String { folder.file("parley.sqlite") }

    private func configuration(_ migrations: [EmbeddedMigration]) -> StoreConfiguration {
        var configuration = StoreConfiguration()
        configuration.migrations = migrations
        return configuration
    }

    @Test func anOlderStoreIsReindexedWithWordFormsAndReportsProgress() async throws {
        let before = EmbeddedMigrations.all.filter { $0.name < "0012" }
        #expect(before.count == EmbeddedMigrations.all.count - 1)
        let old = try ParleyStore.open(path: path, configuration: configuration(before))
        let kept = try await old.conversations.create(NewConversation(title: "Configuring nginx"))
        let lifetimes = try await old.messages.append(
            NewMessage(conversationID: kept.id, role: .user, content: .text("How do lifetimes work?")))
        let deletedMessage = try await old.messages.append(
            NewMessage(conversationID: kept.id, role: .assistant, content: .text("A lifetime is a region")))
        _ = try await old.messages.delete(deletedMessage.id)
        let configured = try await old.messages.append(
            NewMessage(conversationID: kept.id, role: .assistant, content: .text("It is configured, 已经配置")))
        let gone = try await old.conversations.create(NewConversation(title: "Configure me not"))
        _ = try await old.messages.append(
            NewMessage(conversationID: gone.id, role: .user, content: .text("my lifetime configuration")))
        _ = try await old.conversations.delete(gone.id)
        // This binary's tokenizer already indexed stems; empty the old tables so only the rebuild can fill them.
        try await old.pool.write { db in
            try db.execute(sql: "INSERT INTO message_search (message_search) VALUES ('delete-all')")
            try db.execute(sql: "INSERT INTO conversation_search (conversation_search) VALUES ('delete-all')")
        }
        #expect(try await old.search.messages("lifetimes").items.isEmpty)
        try old.close()

        let reports = Mutex<[MigrationProgress]>([])
        var upgrade = configuration(EmbeddedMigrations.all)
        upgrade.migrationProgress = { progress in reports.withLock { $0.append(progress) } }
        let store = try ParleyStore.open(path: path, configuration: upgrade)
        defer { try? store.close() }
        #expect(store.migrationsApplied == ["0012_search_word_forms"])
        let progress = reports.withLock { $0 }
        #expect(progress.first?.done == 0)
        #expect(progress.last?.done == 2, "two live messages of live conversations")
        #expect(progress.allSatisfy { $0.total == 2 && $0.migration == "0012_search_word_forms" })

        func hits(_ query: String) async throws -> [EntityID] {
            try await store.search.messages(query).items.map(\.messageID)
        }
        #expect(try await hits("lifetime") == [lifetimes.id])
        #expect(try await hits("configure") == [configured.id])
        #expect(try await hits("配置") == [configured.id])
        #expect(try await hits("lifetimes") == [lifetimes.id])
        #expect(try await store.search.conversations("configure").map(\.conversationID) == [kept.id])
        _ = try await store.conversations.restore(gone.id)
        #expect(Set(try await hits("configuration")).count == 2, "a restored conversation comes back indexed")
        try await store.pool.write { db in
            try db.execute(sql: "INSERT INTO message_search (message_search) VALUES ('integrity-check')")
            try db.execute(sql: "INSERT INTO conversation_search (conversation_search) VALUES ('integrity-check')")
        }
    }
}
