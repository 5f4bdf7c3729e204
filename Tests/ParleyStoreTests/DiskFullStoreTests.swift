import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// The store on a disk that fills up: every write of a group commit is refused with ``ParleyError/diskFull``
/// (none half-stored), reads go on, and writes succeed again once there is room, on the same open store.
@Suite struct DiskFullStoreTests {
    static let paragraph = String(repeating: "Nothing acknowledged is lost when the disk fills. ", count: 150)

    @Test func concurrentWritesOnAFullDiskAreAllRefusedAndAllSucceedOnceSpaceIsFreed() async throws {
        let folder = TemporaryFolder()
        let disk = try SmallDisk(at: folder.file("disk"), megabytes: 16)
        let store = try ParleyStore.open(path: disk.path + "/parley.sqlite")
        let conversation = try await store.conversations.create(NewConversation(title: "full"))
        @Sendable func appendMany(_ label: String) async -> [Result<Message, ParleyError>] {
            await withTaskGroup(of: Result<Message, ParleyError>.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        do throws(ParleyError) {
                            return .success(
                                try await store.messages.append(
                                    NewMessage(
                                        conversationID: conversation.id, role: .user,
                                        content: .text("\(label) \(index) \(Self.paragraph)"))))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        var stored = try await appendMany("before").map { try $0.get().id }

        try disk.fill()
        // Writes may still land in log pages that are already allocated; soon one needs a page the disk lacks.
        var refused: [ParleyError] = []
        for round in 0..<200 where refused.isEmpty {
            for outcome in await appendMany("full \(round)") {
                switch outcome {
                case let .success(message): stored.append(message.id)
                case let .failure(error): refused.append(error)
                }
            }
        }
        try #require(!refused.isEmpty, "no write was refused on a full disk")
        for error in refused {
            guard case let .diskFull(folder, _) = error else {
                Issue.record("a write on a full disk failed with \(error)")
                continue
            }
            #expect(folder == disk.path)
            #expect(error.code == -32007)
        }

        let read = try await store.messages.tree(conversationID: conversation.id)
        #expect(Set(read.map(\.id)) == Set(stored), "every acknowledged write is readable, no refused one is")
        disk.free()
        stored += try await appendMany("after").map { try $0.get().id }
        let report = try await store.report()
        #expect(report.integrity == "ok")
        try store.close()

        let reopened = try ParleyStore.open(path: disk.path + "/parley.sqlite")
        let tree = try await reopened.messages.tree(conversationID: conversation.id)
        #expect(Set(tree.map(\.id)) == Set(stored))
        #expect(tree.count == stored.count)
        try reopened.close()
        withExtendedLifetime(disk) {}
    }
}
