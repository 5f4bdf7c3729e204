import Foundation
import GRDB
import ParleyCore
import Testing

@testable import ParleyStore

/// Storing imported conversations: whole trees with their times and models, idempotent by source id, each
/// conversation all or nothing, searchable and logged for sync at once.
@Suite struct ImportRepositoryTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    private static func message(
        _ id: String, _ parent: String?, _ role: MessageRole, _ text: String, at seconds: Int64? = nil,
        model: String? = nil
    ) -> ImportedMessage {
        ImportedMessage(
            sourceID: id, parentSourceID: parent, role: role, content: .text(text), model: model,
            createdAt: seconds.map { $0 * 1000 })
    }

    /// Two roots (an edited first message), a regenerated answer, and a head on the older answer.
    private static func branched(extra: [ImportedMessage] = []) -> ImportedConversation {
        ImportedConversation(
            source: "chatgpt", sourceID: "conv-1", title: "", model: "gpt-4o", createdAt: 1_700_000_000_000,
            headSourceID: "a1",
            messages: [
                message("a2", "u1", .assistant, "Second try", at: 1_700_000_030, model: "gpt-4o"),
                message("u1", nil, .user, "What is   a monad?\nExplain", at: 1_700_000_010),
                message("a1", "u1", .assistant, "A monoid in…", at: 1_700_000_020, model: "gpt-4o"),
                message("u2", nil, .user, "What is a functor?", at: 1_700_000_040),
            ] + extra)
    }

    @Test func storesTheWholeTreeWithTheSourcesTimesModelsAndHead() async throws {
        let outcomes = try await store.imports.write([Self.branched()])
        let outcome = try #require(outcomes.first)
        #expect(outcome.kind == .added)
        #expect(outcome.messagesAdded == 4)
        let conversation = try await store.conversations.get(try #require(outcome.conversationID))
        #expect(conversation.title == "What is a monad? Explain")
        #expect(conversation.source == "chatgpt")
        #expect(conversation.sourceID == "conv-1")
        #expect(conversation.model == Conversation.defaultModel)
        #expect(conversation.createdAt == 1_700_000_000_000)
        #expect(conversation.updatedAt == 1_700_000_040_000)
        let tree = try await store.messages.tree(conversationID: conversation.id)
        #expect(tree.count == 4)
        let bySource = Dictionary(uniqueKeysWithValues: tree.map { ($0.sourceID ?? "", $0) })
        let head = try #require(bySource["a1"])
        #expect(conversation.headMessageID == head.id)
        #expect(head.model == "gpt-4o")
        #expect(head.createdAt == 1_700_000_020_000)
        #expect(head.source == "chatgpt")
        #expect(bySource["a2"]?.parentID == bySource["u1"]?.id)
        #expect(bySource["u2"]?.parentID == nil)
        #expect(bySource["u1"]?.parentID == nil)
    }

    @Test func importingAgainAddsNothingAndANewerExportAddsOnlyItsTurns() async throws {
        _ = try await store.imports.write([Self.branched()])
        let sequence = try await store.changeLog.lastSequence()
        let again = try #require(try await store.imports.write([Self.branched()]).first)
        #expect(again.kind == .unchanged)
        #expect(again.messagesUnchanged == 4)
        #expect(try await store.changeLog.lastSequence() == sequence)

        var newer = Self.branched(extra: [Self.message("u3", "a2", .user, "And applicatives?", at: 1_700_000_050)])
        newer.headSourceID = "u3"
        let update = try #require(try await store.imports.write([newer]).first)
        #expect(update.kind == .updated)
        #expect(update.messagesAdded == 1)
        #expect(update.messagesUnchanged == 4)
        let conversation = try await store.conversations.get(try #require(update.conversationID))
        let head = try await store.messages.get(try #require(conversation.headMessageID))
        #expect(head.sourceID == "u3")
        #expect(try await store.messages.tree(conversationID: conversation.id).count == 5)
    }

    @Test func aDamagedConversationIsSkippedWithItsReasonAndTheOthersAreStored() async throws {
        let orphan = ImportedConversation(
            source: "claude", sourceID: "broken",
            messages: [Self.message("m1", nil, .user, "Hi"), Self.message("m2", "gone", .assistant, "Hello")])
        let cycle = ImportedConversation(
            source: "claude", sourceID: "cycle",
            messages: [Self.message("x", "y", .user, "a"), Self.message("y", "x", .assistant, "b")])
        let toolWithoutCall = ImportedConversation(
            source: "claude", sourceID: "tool",
            messages: [Self.message("t", nil, .tool, "42")])
        let empty = ImportedConversation(source: "claude", sourceID: "empty")
        let outcomes = try await store.imports.write([orphan, Self.branched(), cycle, toolWithoutCall, empty])
        #expect(outcomes.map(\.sourceID) == ["broken", "conv-1", "cycle", "tool", "empty"])
        guard case let .skipped(reason) = outcomes[0].kind else {
            Issue.record("expected the orphan to be skipped, got \(outcomes[0].kind)")
            return
        }
        #expect(reason.contains("messages[m2].parent"))
        #expect(reason.contains("gone"))
        #expect(outcomes[1].kind == .added)
        guard case let .skipped(cycleReason) = outcomes[2].kind, case let .skipped(toolReason) = outcomes[3].kind,
            case let .skipped(emptyReason) = outcomes[4].kind
        else {
            Issue.record("expected the cycle, the tool message and the empty conversation to be skipped")
            return
        }
        #expect(cycleReason.contains("cycle"))
        #expect(toolReason.contains("tool_call_id"))
        #expect(emptyReason.contains("at least one message"))
        let listed = try await store.conversations.list().items
        #expect(listed.map(\.sourceID) == ["conv-1"])
    }

    @Test func aDryRunReportsWhatAnImportWouldDoAndKeepsNothing() async throws {
        let outcomes = try await store.imports.write([Self.branched()], dryRun: true)
        #expect(outcomes.first?.kind == .added)
        #expect(outcomes.first?.messagesAdded == 4)
        #expect(try await store.conversations.list().items.isEmpty)
        #expect(try await store.changeLog.lastSequence() == 0)
    }

    @Test func importedMessagesAreSearchableAndTheirUsageIsRecorded() async throws {
        var conversation = Self.branched()
        conversation.messages[0].usage = ImportedUsage(
            promptTokens: 12, completionTokens: 30, promptCacheHitTokens: 8, reasoningTokens: 5,
            latencyMilliseconds: 900)
        let outcome = try #require(try await store.imports.write([conversation]).first)
        let hits = try await store.search.messages("functor")
        #expect(hits.items.count == 1)
        let hit = try #require(hits.items.first)
        #expect(try await store.messages.get(hit.messageID).sourceID == "u2")
        let conversationID = try #require(outcome.conversationID)
        let usage = try store.readNow { db in
            try Row.fetchAll(
                db, sql: "SELECT id FROM usage_record WHERE conversation_id = ?", arguments: [conversationID.rawValue]
            )
            .compactMap { row in try UsageRow.fetch(db, id: EntityID(trusted: row["id"])) }
        }
        #expect(usage.count == 1)
        #expect(usage.first?.totalTokens == 42)
        #expect(usage.first?.model == "gpt-4o")
        #expect(usage.first?.reasoningTokens == 5)
        #expect(usage.first?.createdAt == 1_700_000_030_000)
    }

    @Test func anImportIsLoggedForSyncAndADeletedConversationIsNotBroughtBack() async throws {
        let outcome = try #require(try await store.imports.write([Self.branched()]).first)
        let changes = try await store.changeLog.changes()
        #expect(changes.filter { $0.entity == .message && $0.operation == .create }.count == 4)
        #expect(changes.filter { $0.entity == .conversation && $0.operation == .create }.count == 1)
        let id = try #require(outcome.conversationID)
        _ = try await store.conversations.delete(id)
        let again = try #require(try await store.imports.write([Self.branched()]).first)
        #expect(again.kind == .unchanged)
        #expect(try await store.conversations.list().items.isEmpty)
    }

    @Test func theSameExportGivesTheSameIdsInEveryStore() async throws {
        let other = try StoreFixture()
        let here = try #require(try await store.imports.write([Self.branched()]).first?.conversationID)
        let there = try #require(try await other.store.imports.write([Self.branched()]).first?.conversationID)
        #expect(here == there)
        let hereIDs = try await store.messages.tree(conversationID: here).map(\.id)
        let thereIDs = try await other.store.messages.tree(conversationID: there).map(\.id)
        #expect(Set(hereIDs) == Set(thereIDs))
    }
}
