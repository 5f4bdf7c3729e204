import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore

/// An answer already stored, sent again to a request that repeats the one it answered (an SDK's retry after
/// a lost reply), without asking the API a second time.
struct ReplayedAnswer {
    let message: Message
    let model: String
    let headers: HTTPFields

    func response(stream: Bool, includeUsage: Bool) -> Response {
        let id = "chatcmpl-parley-" + message.id.rawValue
        let created = JSONValue.integer(message.createdAt / 1000)
        let model = JSONValue.string(message.model ?? self.model)
        guard stream else {
            var response = GatewayJSON.response(
                ChatCompletions.completionObject(
                    id: id, created: created, model: message.model ?? self.model, fingerprint: nil,
                    text: message.content.searchableText, reasoning: message.reasoningContent,
                    toolCalls: message.toolCalls, finishReason: message.finishReason, usage: nil))
            for field in headers { response.headers.append(field) }
            return response
        }
        var delta: [String: JSONValue] = ["role": "assistant", "content": .string(message.content.searchableText)]
        if let reasoning = message.reasoningContent { delta["reasoning_content"] = .string(reasoning) }
        if let calls = message.toolCalls, calls != .null {
            delta["tool_calls"] = .array(
                (calls.arrayValue ?? []).enumerated().map { index, call in
                    var indexed = call.objectValue ?? [:]
                    indexed["index"] = .integer(Int64(index))
                    return .object(indexed)
                })
        }
        let chunk: JSONValue = [
            "id": .string(id), "object": "chat.completion.chunk", "created": created, "model": model,
            "choices": [
                [
                    "index": 0, "delta": .object(delta), "logprobs": .null,
                    "finish_reason": message.finishReason.map(JSONValue.string) ?? "stop",
                ]
            ],
        ]
        let text = (try? JSONStreamEncoder.encodeBytes(chunk)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var fields = headers
        fields[.contentType] = "text/event-stream"
        fields[.cacheControl] = "no-cache"
        return Response(
            status: .ok, headers: fields,
            body: .init(byteBuffer: ByteBuffer(string: "data: \(text)\n\ndata: [DONE]\n\n")))
    }
}
