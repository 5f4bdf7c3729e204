import BenchmarkCorpus
import ParleyCore
import ParleyStore

/// Fills a device's store before anything is timed, through the public API an importer would use:
/// `conversations.create`, then `messages.appendBatch` of ``batchSize`` messages per transaction.
public enum Seeder {
    public static let batchSize = 10_000

    /// What the later phases need from the seeding.
    public struct Seeded: Sendable {
        /// The newest conversation, which the one-message rounds append to.
        public var lastConversation: EntityID
        /// The UTF-8 bytes of every message's text, to set the target's size against.
        public var textBytes: Int
    }

    public static func seed(_ store: ParleyStore, messages count: Int) async throws -> Seeded {
        var corpus = SyncCorpus()
        var current: (index: Int, id: EntityID)?
        var textBytes = 0
        while corpus.produced < count {
            var batch: [NewMessage] = []
            for message in corpus.next(min(batchSize, count - corpus.produced)) {
                if current?.index != message.conversation {
                    let created = try await store.conversations.create(
                        NewConversation(title: "Conversation \(message.conversation)"))
                    current = (message.conversation, created.id)
                }
                textBytes += message.text.utf8.count
                batch.append(
                    NewMessage(
                        conversationID: current!.id, role: message.isAssistant ? .assistant : .user,
                        content: .text(message.text)))
            }
            _ = try await store.messages.appendBatch(batch)
        }
        guard let current else { throw SyncBenchError("seeding needs at least one message") }
        return Seeded(lastConversation: current.id, textBytes: textBytes)
    }
}
