import Foundation
import HTTPTypes
import Hummingbird
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// `POST /v1/completions`: fill in the middle on DeepSeek's beta base (what Continue and other editors use
/// for autocompletion), relayed plain or streamed, its usage recorded.
struct Completions: Sendable {
    let store: ParleyStore
    let service: ChatService
    let events: any ChatEvents

    func handle(_ request: Request, context: GatewayContext) async throws -> Response {
        var request = request
        let body = try GatewayJSON.object(try await request.collectBody(upTo: context.maxUploadSize))
        guard case let .string(model)? = body["model"] else {
            throw OpenAIError.invalid(
                "model", value: ChatCompletionRequest.shown(body["model"]), rule: "is required: a model id string")
        }
        guard case .string? = body["prompt"] else {
            throw OpenAIError.invalid(
                "prompt", value: ChatCompletionRequest.shown(body["prompt"]),
                rule: "is required: a string (DeepSeek completes one prompt at a time)")
        }
        let call = UnstoredRelay.Call(
            body: body, endpoint: .fim, model: model,
            stream: try ChatCompletionRequest.optionalBool(body, "stream") ?? false,
            includeUsage: body["stream_options"]?["include_usage"] == .bool(true))
        return await UnstoredRelay(store: store, service: service, events: events).respond(to: request, call) {
            answer, summary in
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
}
