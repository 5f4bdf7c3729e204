import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// Where a frontend adapter reports what it stored, so every other frontend subscribed to the conversation
/// sees it live: a generation's steps (as a ``ChatRunObserver``) and what the adapter stored itself (a
/// gateway request's new messages, a conversation it created or retitled, the usage of a side task).
public protocol ChatEvents: ChatRunObserver {
    /// ``ChatRunObserver/delta(_:of:)`` without suspending, for an adapter that relays deltas as they arrive.
    func published(_ delta: ChatDelta, of answer: AnswerIdentity)
    func appended(_ message: Message)
    func created(_ conversation: Conversation)
    func updated(_ conversation: Conversation)
    func recorded(_ usage: UsageRecord)
}
