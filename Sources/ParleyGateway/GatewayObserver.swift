import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// How a completion started by the gateway reports: every event to the frontend's response and to the
/// conversation's subscribers on the JSON-RPC socket as it arrives (queuing it, on the transfer's thread), and
/// every other step to the subscribers.
struct GatewayObserver: ChatRunObserver {
    let relay: EventRelay
    let events: any ChatEvents

    var takesDeltasOnArrival: Bool { true }

    func arrived(_ delta: ChatDelta, of answer: AnswerIdentity) {
        relay.send(delta)
        events.published(delta, of: answer)
    }

    func stored(_ stored: StoredCompletion, of answer: AnswerIdentity) async {
        await events.stored(stored, of: answer)
    }

    func kept(_ draft: Draft) async {
        await events.kept(draft)
    }
}
