import Foundation
import ParleyCore
import Synchronization
import Testing

@testable import ParleyStore

@Suite struct ConcurrencyTests {
    @Test func eightWritersAndEightReadersNeverSeeALockedDatabase() async throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let conversations = try await (0..<8).asyncMap { index in
            try await store.conversations.create(NewConversation(title: "writer \(index)"))
        }
        let perWriter = 60
        let failures = await withTaskGroup(of: [String].self) { group in
            for conversation in conversations {
                group.addTask {
                    var failures: [String] = []
                    for index in 0..<perWriter {
                        do {
                            _ = try await store.messages.append(
                                NewMessage(
                                    conversationID: conversation.id, role: .user,
                                    content: .text("concurrent note \(index)")))
                            if index.isMultiple(of: 10) {
                                _ = try await store.conversations.update(
                                    conversation.id, ConversationUpdate(pinned: index.isMultiple(of: 20)))
                            }
                        } catch {
                            failures.append("\(error)")
                        }
                    }
                    return failures
                }
            }
            for _ in 0..<8 {
                group.addTask {
                    var failures: [String] = []
                    for _ in 0..<40 {
                        do {
                            _ = try await store.search.messages("concurrent", limit: 20)
                            _ = try await store.conversations.list(limit: 10)
                            _ = try await store.messages.path(conversationID: conversations[0].id)
                        } catch {
                            failures.append("\(error)")
                        }
                    }
                    return failures
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(try await fixture.count("message") == 8 * perWriter)
        for conversation in conversations {
            #expect(try await store.messages.path(conversationID: conversation.id).count == perWriter)
        }
        let messageStamps = try await store.changeLog.changes(limit: 10_000).filter { $0.entity == .message }.map(\.hlc)
        #expect(messageStamps.count == 8 * perWriter)
        #expect(Set(messageStamps).count == messageStamps.count, "every write has its own clock stamp")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

/// Lookups by id on many threads at once, each on its own reader connection, while a writer appends.
@Suite struct ThreadReaderTests {
    @Test func moreThreadsThanReaderConnectionsAllSeeEveryCommittedMessage() async throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let (conversation, first) = try await fixture.conversation(texts: (0..<20).map { "seed \($0)" })
        let appended = Mutex<[EntityID]>(first.map(\.id))
        let threads = ThreadReaders.maximumCount + 8
        let failures = Mutex<[String]>([])
        let writer = Task {
            for index in 0..<100 {
                let message = try await store.messages.append(
                    NewMessage(conversationID: conversation.id, role: .user, content: .text("live \(index)")))
                appended.withLock { $0.append(message.id) }
            }
        }
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                for _ in 0..<10 {
                    // Every id committed before the lookup starts must be found, with its own text.
                    for id in appended.withLock({ $0 }) {
                        do {
                            let message = try store.messages.fetch(id)
                            if message.id != id { failures.withLock { $0.append("\(id) read as \(message.id)") } }
                        } catch {
                            failures.withLock { $0.append("\(id): \(error)") }
                        }
                    }
                }
            }
        }
        try await writer.value
        await withCheckedContinuation { continuation in
            done.notify(queue: .global()) { continuation.resume() }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try store.messages.fetch(appended.withLock { $0.last! }).content == .text("live 99"))
    }
}
