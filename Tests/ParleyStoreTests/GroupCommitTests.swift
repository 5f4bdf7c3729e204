import Foundation
import ParleyCore
import Testing

@testable import ParleyStore

/// Concurrent writes share transactions, and one failing write never takes the others down.
@Suite struct GroupCommitTests {
    @Test func concurrentWritesAllCommitAndAFailingOneRollsBackAlone() async throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let (conversation, _) = try await fixture.conversation(title: "group")
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    do {
                        // Every tenth write names a parent that does not exist and must fail by itself.
                        let parent: ParentChoice = index % 10 == 0 ? .message(EntityID.generate()) : .head
                        _ = try await store.messages.append(
                            NewMessage(
                                conversationID: conversation.id, role: .user, content: .text("m\(index)"),
                                parent: parent))
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count(where: { $0 }) == 180)
        let tree = try await store.messages.tree(conversationID: conversation.id)
        #expect(tree.count == 180)
        #expect(Set(tree.map { $0.content.searchableText }).count == 180)
        let changes = try await store.changeLog.changes(after: 0, limit: 1_000)
        // The conversation's creation, then per stored message its own row and the head move; none for a failure.
        #expect(changes.count == 1 + 2 * 180)
        // Each stored message is in the search index once, a failed one not at all, even after its group was
        // rolled back and run again; FTS5's own check compares the index with the message table.
        for index in [1, 2, 99, 199] {
            let found = try await store.search.messages("m\(index)", filter: SearchFilter(), limit: 10).items
            #expect(found.map(\.messageID) == tree.filter { $0.content.searchableText == "m\(index)" }.map(\.id))
        }
        #expect(try await store.search.messages("m10", filter: SearchFilter(), limit: 10).items.isEmpty)
        try await store.pool.write { db in
            try db.execute(sql: "INSERT INTO message_search (message_search, rank) VALUES ('integrity-check', 1)")
        }
    }
}
