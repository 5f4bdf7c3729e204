import ParleyChat
import ParleyCore
import ParleyStore

/// The result of `chat.complete`: the stored answer and its usage, or, when the generation was stopped, the
/// draft that keeps its text.
struct CompletionPayload: Sendable, Encodable {
    var requestID: String
    var message: MessagePayload?
    var usage: UsagePayload?
    /// The prefix draft the answer finished and removed.
    var removedDraftID: EntityID?
    /// Set when the generation was stopped: why, and the draft its text is in.
    var interrupted: Interruption?

    struct Interruption: Sendable, Encodable {
        var reason: StopReason
        var draft: DraftPayload?
    }

    init(requestID: String, stored: StoredCompletion) {
        self.requestID = requestID
        message = MessagePayload(stored.message)
        usage = stored.usage.map(UsagePayload.init)
        removedDraftID = stored.removedDraft?.id
    }

    init(requestID: String, stoppedFor reason: StopReason, draft: Draft?) {
        self.requestID = requestID
        interrupted = Interruption(reason: reason, draft: draft.map(DraftPayload.init))
    }

    enum CodingKeys: String, CodingKey {
        case message, usage, interrupted
        case requestID = "request_id"
        case removedDraftID = "removed_draft_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requestID, forKey: .requestID)
        try container.encode(message, forKey: .message)
        try container.encode(usage, forKey: .usage)
        try container.encode(removedDraftID, forKey: .removedDraftID)
        try container.encode(interrupted, forKey: .interrupted)
    }
}

extension StopReason: Encodable {}

/// One `chat.delta`: what a streamed chunk added to the answer being written as `message_id`.
struct ChatDeltaPayload: Sendable, Encodable {
    var requestID: String
    var conversationID: EntityID
    var messageID: EntityID
    var content: String?
    var reasoningContent: String?
    var toolCalls: JSONValue?

    enum CodingKeys: String, CodingKey {
        case content
        case requestID = "request_id"
        case conversationID = "conversation_id"
        case messageID = "message_id"
        case reasoningContent = "reasoning_content"
        case toolCalls = "tool_calls"
    }
}

/// The result of `fim.complete`.
struct FIMPayload: Sendable, Encodable {
    var text: String
    var finishReason: String?
    var model: String
    var usage: UsagePayload?

    enum CodingKeys: String, CodingKey {
        case text, model, usage
        case finishReason = "finish_reason"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(finishReason, forKey: .finishReason)
        try container.encode(model, forKey: .model)
        try container.encode(usage, forKey: .usage)
    }
}
