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
    /// A piece of the answer, in order; the run waits until it has been taken.
    func delta(_ delta: ChatDelta, of answer: AnswerIdentity) async
    /// The answer and its usage are stored, and the draft it continued is gone.
    func stored(_ stored: StoredCompletion, of answer: AnswerIdentity) async
    /// What arrived of a stopped answer was kept as a prefix draft.
    func kept(_ draft: Draft) async
}

/// How a ``ChatRun`` ended when it did not fail.
public enum ChatRunOutcome: Sendable {
    case stored(StoredCompletion)
    /// Stopped on purpose before the API finished; the draft holds what arrived, when anything did.
    case stopped(StopReason, draft: Draft?)
}
