import ParleyCore
import ParleyStore

/// Feeds corpus messages to a ``ParleyStore`` through its public API, the way an importer would.
///
/// Conversations are created by ``prepareConversations(for:)`` before the timed work, since raw SQLite has
/// no conversation rows to create and the benchmarks compare message writes.
public final class ParleyLoader: @unchecked Sendable {
    public let store: ParleyStore
    private var conversations: [Int: EntityID] = [:]

    public init(store: ParleyStore) {
        self.store = store
    }

    /// Creates the conversations `messages` belong to that do not exist yet.
    public func prepareConversations(for messages: [CorpusMessage]) async throws {
        for message in messages where conversations[message.conversation] == nil {
            let conversation = try await store.conversations.create(
                NewConversation(title: "Conversation \(message.conversation)"))
            conversations[message.conversation] = conversation.id
        }
    }

    /// Appends one message in its own transaction, after its conversation's head. Its conversation must have
    /// been prepared.
    public func append(_ message: CorpusMessage) async throws {
        _ = try await store.messages.append(newMessage(message))
    }

    /// Appends messages in one transaction. Their conversations must have been prepared.
    public func appendBatch(_ messages: [CorpusMessage]) async throws {
        _ = try await store.messages.appendBatch(messages.map(newMessage))
    }

    private func newMessage(_ message: CorpusMessage) -> NewMessage {
        NewMessage(
            conversationID: conversations[message.conversation]!, role: message.isAssistant ? .assistant : .user,
            content: .text(message.text))
    }
}
