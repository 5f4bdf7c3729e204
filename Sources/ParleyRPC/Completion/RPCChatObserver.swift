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
        guard delta.addsToAnswer else { return }
        let payload = SubscriberEvents.payload(delta, of: answer)
        if let params = try? RPCResponseWriter.encode(payload) {
            await context.session.notify(RPCResponseWriter.notification(method: "chat.delta", params: params))
        }
        context.subscribers.publish("chat.delta", conversationID: answer.conversationID, key: "delta", payload)
    }

    func stored(_ stored: StoredCompletion, of answer: AnswerIdentity) async {
        await context.subscribers.stored(stored, of: answer)
    }

    func kept(_ draft: Draft) async {
        await context.subscribers.kept(draft)
    }
}
