import Foundation
import HTTPTypes
import Hummingbird
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore
import ParleyTransfer

/// `POST /v1/completions`: fill in the middle on DeepSeek's beta base (what Continue and other editors use
/// for autocompletion), relayed plain or streamed, its usage recorded.
struct Completions: Sendable {
    let store: ParleyStore
    let service: ChatService
    let events: any ChatEvents

    func handle(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        var body = try GatewayJSON.object(try await request.collectBody(upTo: context.maxUploadSize))
        guard case let .string(model)? = body["model"] else {
            throw OpenAIError.invalid(
                "model", value: ChatCompletionRequest.shown(body["model"]), rule: "is required: a model id string")
        }
        guard case .string? = body["prompt"] else {
            throw OpenAIError.invalid(
                "prompt", value: ChatCompletionRequest.shown(body["prompt"]),
                rule: "is required: a string (DeepSeek completes one prompt at a time)")
        }
        let stream = try ChatCompletionRequest.optionalBool(body, "stream") ?? false
        let includeUsage = body["stream_options"]?["include_usage"] == .bool(true)
        body["stream"] = true
        body["stream_options"] = ["include_usage": true]
        let relay = EventRelay(forwarding: stream)
        let cancellation = CancellationFlag()
        let store = store
        let service = service
        let events = events
        let sent = body
        let call = Task {
            defer { relay.finish() }
            let answer = try await service.answer(
                body: .object(sent), endpoint: .fim, model: model, store: store, cancellation: cancellation,
                onDelta: relay.send)
            if let usage = answer.usage { events.recorded(usage) }
            return answer
        }
        let response = RelayResponse(
            relay: relay, task: call, stop: { cancellation.cancel() }, includeUsage: includeUsage)
        guard stream else {
            return await response.whole(for: request) { answer, summary in
                var object: [String: JSONValue] = [
                    "id": .string(summary.id ?? "cmpl-parley-" + EntityID.generate().rawValue),
                    "object": "text_completion",
                    "created": summary.created ?? .integer(Int64(Date().timeIntervalSince1970)),
                    "model": .string(summary.model ?? answer.model),
                    "choices": [
                        [
                            "index": 0, "text": .string(answer.completion.content), "logprobs": .null,
                            "finish_reason": answer.completion.finishReason.map(JSONValue.string) ?? .null,
                        ]
                    ],
                ]
                if let usage = summary.usage { object["usage"] = usage }
                return GatewayJSON.response(.object(object))
            }
        }
        return await response.streamed { _ in nil }
    }
}
