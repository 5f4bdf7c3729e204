import Foundation
import ParleyCore
import ParleyTestSupport

@testable import ParleyStore

/// A store on a real WAL database file in a temporary folder, closed and removed with the fixture.
final class StoreFixture: Sendable {
    let folder = TemporaryFolder()
    let store: ParleyStore

    init(configuration: StoreConfiguration = StoreConfiguration()) throws {
        store = try ParleyStore.open(path: folder.file("parley.sqlite"), configuration: configuration)
    }

    deinit {
        try? store.close()
    }

    /// A conversation with `texts` appended as alternating user and assistant messages.
    func conversation(
        title: String = "", tags: [String] = [], texts: [String] = []
    ) async throws -> (Conversation, [Message]) {
        let conversation = try await store.conversations.create(NewConversation(title: title, tags: tags))
        var messages: [Message] = []
        for (index, text) in texts.enumerated() {
            messages.append(
                try await store.messages.append(
                    NewMessage(
                        conversationID: conversation.id, role: index.isMultiple(of: 2) ? .user : .assistant,
                        content: .text(text))))
        }
        return (try await store.conversations.get(conversation.id), messages)
    }

    /// Counts the rows of a table, to prove a refused write changed nothing.
    func count(_ table: String) async throws -> Int {
        try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }
}

/// Runs `body` and returns the ParleyError it throws, or nil.
func parleyError(_ body: () async throws -> Void) async -> ParleyError? {
    do {
        try await body()
        return nil
    } catch let error as ParleyError {
        return error
    } catch {
        return .storage(reason: "not a ParleyError: \(error)")
    }
}
