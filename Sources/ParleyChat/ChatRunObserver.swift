import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// Which answer a delta belongs to.
public struct AnswerIdentity: Sendable {
    public let requestID: String
    public let conversationID: EntityID
    /// The id the answer will be stored under.
    public let messageID: EntityID
}

/// Where a ``ChatRun`` reports what happens, so each frontend adapter sends it its own way (JSON-RPC
/// notifications, server-sent events) and tells the subscribers of the conversation.
public protocol ChatRunObserver: Sendable {
    /// Whether the observer takes every delta in ``arrived(_:of:)`` and needs no ``delta(_:of:)`` calls: the run
    /// then spends no task on relaying them.
    var takesDeltasOnArrival: Bool { get }
    /// A piece of the answer, on the transfer's thread the moment it arrives: for an adapter that only queues it
    /// (the gateway's response), which then reaches its frontend without waiting for a task to run. It must not
    /// block.
    func arrived(_ delta: ChatDelta, of answer: AnswerIdentity)
    /// A piece of the answer, in order; the run waits until it has been taken.
    func delta(_ delta: ChatDelta, of answer: AnswerIdentity) async
    /// The answer and its usage are stored, and the draft it continued is gone.
    func stored(_ stored: StoredCompletion, of answer: AnswerIdentity) async
    /// What arrived of a stopped answer was kept as a prefix draft.
    func kept(_ draft: Draft) async
}

extension ChatRunObserver {
    public var takesDeltasOnArrival: Bool { false }
    public func arrived(_ delta: ChatDelta, of answer: AnswerIdentity) {}
    public func delta(_ delta: ChatDelta, of answer: AnswerIdentity) async {}
}

/// How a ``ChatRun`` ended when it did not fail.
public enum ChatRunOutcome: Sendable {
    case stored(StoredCompletion)
    /// Stopped on purpose before the API finished; the draft holds what arrived, when anything did.
    case stopped(StopReason, draft: Draft?)
}
