import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// How a completion started by the gateway reports: every event to the frontend's response, and every step
/// to the conversation's subscribers on the JSON-RPC socket.
struct GatewayObserver: ChatRunObserver {
    let relay: EventRelay
    let events: any ChatEvents

    func delta(_ delta: ChatDelta, of answer: AnswerIdentity) async {
        relay.send(delta)
        await events.delta(delta, of: answer)
    }

    func stored(_ stored: StoredCompletion, of answer: AnswerIdentity) async {
        await events.stored(stored, of: answer)
    }

    func kept(_ draft: Draft) async {
        await events.kept(draft)
    }
}
