import HTTPTypes
import Hummingbird
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore
import ParleyTransfer

/// An answer relayed without storing a message (a fill-in-the-middle, a frontend's side task): asked for as a
/// stream whatever the frontend wanted, so its usage is always read, recorded and published; answered plain or
/// streamed as the frontend asked; stopped when the frontend goes away.
struct UnstoredRelay: Sendable {
    let store: ParleyStore
    let service: ChatService
    let events: any ChatEvents

    /// What to send and how to answer.
    struct Call: Sendable {
        var body: [String: JSONValue]
        var endpoint: DeepSeekClient.Endpoint
        var model: String
        /// The chat the answer's usage is recorded against, when it is about one.
        var conversationID: EntityID?
        var stream: Bool
        var includeUsage: Bool
        var headers: HTTPFields = [:]
    }

    /// - Parameters:
    ///   - then: runs once the answer and its usage are stored, before the call counts as done.
    ///   - whole: the plain response for a frontend that did not ask for a stream.
    func respond(
        to request: Request, _ call: Call, then: @escaping @Sendable (UnstoredAnswer) async -> Void = { _ in },
        whole: @escaping RelayResponse<UnstoredAnswer>.Whole
    ) async -> Response {
        let relay = EventRelay(forwarding: call.stream)
        let cancellation = CancellationFlag()
        let (store, service, events) = (store, service, events)
        let task = Task {
            defer { relay.finish() }
            let answer = try await service.answer(
                body: .object(StreamedBody.setting(stream: true, in: call.body)), endpoint: call.endpoint,
                model: call.model, conversationID: call.conversationID, store: store, cancellation: cancellation,
                onDelta: relay.send)
            if let usage = answer.usage { events.recorded(usage) }
            await then(answer)
            return answer
        }
        let response = RelayResponse(
            relay: relay, task: task, stop: { cancellation.cancel() }, headers: call.headers,
            includeUsage: call.includeUsage)
        guard call.stream else { return await response.whole(for: request, whole) }
        return await response.streamed { _ in nil }
    }
}
