import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// How a completion started over JSON-RPC reports: each delta as a `chat.delta` notification to the caller
/// (in order, waiting while its connection is full), and every step as an event to the conversation's
/// subscribers.
struct RPCChatObserver: ChatRunObserver {
    let context: RPCContext

    func delta(_ delta: ChatDelta, of answer: AnswerIdentity) async {
        var payload = ChatDeltaPayload(
            requestID: answer.requestID, conversationID: answer.conversationID, messageID: answer.messageID)
        payload.content = delta.content
        payload.reasoningContent = delta.reasoningContent
        payload.toolCalls = delta.toolCalls
        guard let params = try? RPCResponseWriter.encode(payload) else { return }
        await context.session.notify(RPCResponseWriter.notification(method: "chat.delta", params: params))
        context.publish("chat.delta", conversationID: payload.conversationID, key: "delta", payload)
    }

    func stored(_ stored: StoredCompletion, of answer: AnswerIdentity) async {
        let payload = CompletionPayload(requestID: answer.requestID, stored: stored)
        if let message = payload.message {
            context.publish("message.appended", conversationID: answer.conversationID, key: "message", message)
        }
        if let usage = payload.usage {
            context.publish("usage.recorded", conversationID: answer.conversationID, key: "usage", usage)
        }
        if let removed = stored.removedDraft {
            context.publish("draft.deleted", conversationID: answer.conversationID, key: "draft", DraftPayload(removed))
        }
    }

    func kept(_ draft: Draft) async {
        context.publish("draft.saved", conversationID: draft.conversationID, key: "draft", DraftPayload(draft))
    }
}
