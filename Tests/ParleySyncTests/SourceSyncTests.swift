import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// Where a conversation or message came from (a gateway token's name, an import's format) is stored once,
/// checked, and synced like the rest of it.
@Suite struct SourceSyncTests {
    @Test func sourcesAreStoredCheckedAndSynced() async throws {
        let pair = try await SyncPair()
        let store = pair.first.store
        let conversation = try await store.conversations.create(
            NewConversation(title: "from a frontend", system: "Be brief.", source: "open-webui"))
        #expect(conversation.source == "open-webui")
        let message = try await store.messages.append(
            NewMessage(conversationID: conversation.id, role: .user, content: .text("hello"), source: "open-webui"))
        #expect(message.source == "open-webui")
        let own = try await store.messages.append(
            NewMessage(conversationID: conversation.id, role: .assistant, content: .text("hi")))
        #expect(own.source == nil)
        #expect(
            try await store.messages.path(conversationID: conversation.id).map(\.source) == [
                "open-webui", "open-webui", nil,
            ])

        let refused = await ParleyErrorCapture.asyncInvalidValue {
            _ = try await store.messages.append(
                NewMessage(conversationID: conversation.id, role: .user, content: .text("x"), source: "bad\u{7}"))
        }
        #expect(refused?.field == "source")
        let tooLong = await ParleyErrorCapture.asyncInvalidValue {
            _ = try await store.conversations.create(NewConversation(source: String(repeating: "x", count: 65)))
        }
        #expect(tooLong?.rule.contains("1 to 64") == true)

        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        let synced = try await pair.second.store.conversations.get(conversation.id)
        #expect(synced.source == "open-webui")
        #expect(
            try await pair.second.store.messages.path(conversationID: conversation.id).map(\.source)
                == ["open-webui", "open-webui", nil])
        #expect(try await pair.second.store.sync.contentHash() == pair.first.store.sync.contentHash())
    }
}
