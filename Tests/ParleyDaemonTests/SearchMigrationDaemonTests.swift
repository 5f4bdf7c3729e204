import Foundation
import ParleyClient
import ParleyCore
import Testing

@testable import ParleyStore

/// A daemon started on a store of the schema before word forms re-indexes it at start-up, says so in its log as
/// it goes, and then finds the other forms of words stored before the upgrade.
@Suite struct SearchMigrationDaemonTests {
    @Test func theDaemonReindexesAnOlderStoreAndLogsItsProgress() async throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.dataFolder, withIntermediateDirectories: true)
        var configuration = StoreConfiguration()
        configuration.migrations = EmbeddedMigrations.all.filter { $0.name < "0012" }
        let old = try ParleyStore.open(path: harness.dataFolder + "/parley.sqlite", configuration: configuration)
        let conversation = try await old.conversations.create(NewConversation(title: "Rust"))
        let message = try await old.messages.append(
            NewMessage(conversationID: conversation.id, role: .user, content: .text("How do lifetimes work?")))
        try old.close()

        try harness.start()
        defer { harness.stop() }
        let log = harness.log()
        #expect(log.contains("migrating: re-indexing messages for search"))
        #expect(log.contains("migration=0012_search_word_forms"))
        #expect(log.contains("percent=100"))
        let client = try harness.client()
        let hits = try client.call("search.messages", ["query": "lifetime"]).items
        #expect(hits.map { $0["message_id"] } == [.string(message.id.rawValue)])
        #expect(try client.call("system.info")["schema_version"] == "0012_search_word_forms")
    }
}
