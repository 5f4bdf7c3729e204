import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// Tells the subscribers of a conversation what happened in it, whichever adapter did it: the JSON-RPC
/// methods and the OpenAI-compatible gateway publish through this one path.
public struct SubscriberEvents: ChatEvents {
    let bus: EventBus

    /// Publishes an event about `entity`; an entity that cannot be encoded is not worth failing the request.
    func publish(_ type: String, conversationID: EntityID?, key: String, _ entity: some Encodable & Sendable) {
        guard bus.hasAudience(type: type, conversationID: conversationID),
            let event = try? StoreEvent(type: type, conversationID: conversationID, key: key, entity: entity)
        else {
            return
        }
        bus.publish(event)
    }

    public func delta(_ delta: ChatDelta, of answer: AnswerIdentity) async {
        published(delta, of: answer)
    }

    public func published(_ delta: ChatDelta, of answer: AnswerIdentity) {
        guard delta.addsToAnswer, bus.hasAudience(type: "chat.delta", conversationID: answer.conversationID) else {
            return
        }
        publish("chat.delta", conversationID: answer.conversationID, key: "delta", Self.payload(delta, of: answer))
    }

    public func stored(_ stored: StoredCompletion, of answer: AnswerIdentity) async {
        let payload = CompletionPayload(requestID: answer.requestID, stored: stored)
        if let message = payload.message {
            publish("message.appended", conversationID: answer.conversationID, key: "message", message)
        }
        if let usage = payload.usage {
            publish("usage.recorded", conversationID: answer.conversationID, key: "usage", usage)
        }
        if let removed = stored.removedDraft {
            publish("draft.deleted", conversationID: answer.conversationID, key: "draft", DraftPayload(removed))
        }
    }

    public func kept(_ draft: Draft) async {
        publish("draft.saved", conversationID: draft.conversationID, key: "draft", DraftPayload(draft))
    }

    public func appended(_ message: Message) {
        publish("message.appended", conversationID: message.conversationID, key: "message", MessagePayload(message))
    }

    public func created(_ conversation: Conversation) {
        publish(
            "conversation.created", conversationID: conversation.id, key: "conversation",
            ConversationPayload(conversation))
    }

    public func updated(_ conversation: Conversation) {
        publish(
            "conversation.updated", conversationID: conversation.id, key: "conversation",
            ConversationPayload(conversation))
    }

    public func recorded(_ usage: UsageRecord) {
        publish("usage.recorded", conversationID: usage.conversationID, key: "usage", UsagePayload(usage))
    }

    /// A delta as `chat.delta` carries it, to the caller and to subscribers alike.
    static func payload(_ delta: ChatDelta, of answer: AnswerIdentity) -> ChatDeltaPayload {
        var payload = ChatDeltaPayload(
            requestID: answer.requestID, conversationID: answer.conversationID, messageID: answer.messageID)
        payload.content = delta.content
        payload.reasoningContent = delta.reasoningContent
        payload.toolCalls = delta.toolCalls
        return payload
    }
}
