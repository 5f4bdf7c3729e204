import GRDB
import ParleyCore

/// An answer of the model to store: the assistant message, the usage of the call that produced it, and the
/// prefix draft it continued, if any.
public struct FinishedCompletion: Sendable {
    /// The assistant message; its parent is the leaf the request was built from.
    public var message: NewMessage
    public var usage: NewUsage?
    /// The prefix draft the answer continues, and the revision that was sent. It is removed with the answer
    /// unless someone saved over it meanwhile: then their text stays.
    public var consumedDraft: (id: EntityID, revision: Int)?

    public init(message: NewMessage, usage: NewUsage?, consumedDraft: (id: EntityID, revision: Int)? = nil) {
        self.message = message
        self.usage = usage
        self.consumedDraft = consumedDraft
    }
}

/// What storing an answer wrote.
public struct StoredCompletion: Sendable {
    public var message: Message
    public var usage: UsageRecord?
    /// The prefix draft removed with the answer (nil when there was none, or it changed meanwhile and stays).
    public var removedDraft: Draft?
}

/// Stores the model's answers: message, usage and the end of the draft it continued, in one transaction, so a
/// frontend never sees an answer without its cost or a finished draft still waiting.
public struct CompletionRepository: Sendable {
    let store: ParleyStore

    public func store(_ finished: FinishedCompletion) async throws(ParleyError) -> StoredCompletion {
        try finished.message.validate()
        let usage = try finished.usage.map { new throws(ParleyError) in try UsageWriter(validating: new) }
        let clock = store.clock
        return try await store.write { db in
            let message = try MessageWriter(clock: clock).append(db, finished.message)
            let record = try usage?.insert(db, clock: clock, messageID: message.id)
            var removed: Draft?
            if let (id, revision) = finished.consumedDraft, let draft = try DraftRow.fetch(db, id: id),
                !draft.deleted, draft.revision == revision
            {
                removed = try DraftRepository.tombstone(db, id, clock: clock)
            }
            return StoredCompletion(message: message, usage: record, removedDraft: removed)
        }
    }
}
