import Foundation
import ParleyCore
import Testing

@testable import ParleyStore

/// The write-ahead log is checkpointed beside the writer and still restarts, so it stays bounded under steady
/// writes instead of growing with everything ever written.
@Suite struct CheckpointTests {
    @Test func theLogStaysBoundedUnderSteadyConcurrentWrites() async throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let (conversation, _) = try await fixture.conversation(title: "steady")
        let writers = 8
        let perWriter = 500
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        _ = try await store.messages.append(
                            NewMessage(
                                conversationID: conversation.id, role: .user,
                                content: .text(
                                    "writer \(writer) message \(index) \(String(repeating: "x", count: 200))")
                            ))
                    }
                }
            }
            try await group.waitForAll()
        }
        let walBytes = try #require(
            try FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int)
        let stored = try await store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM message") ?? 0
        }
        #expect(stored == writers * perWriter)
        // Each commit writes several pages; 4,000 commits without a restart leave a log of tens of MiB.
        let bound = 4 * Int(Checkpointer.thresholdPages) * 4_096 + 4 * 1_048_576
        #expect(walBytes < bound, "the log is \(walBytes) bytes after \(writers * perWriter) appends")
    }
}
