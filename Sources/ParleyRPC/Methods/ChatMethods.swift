import Foundation
import ParleyChat
import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// `chat.complete`, `chat.cancel` and `fim.complete`: the calls that reach the DeepSeek API.
enum ChatMethods {
    static let all: [RPCMethod] = [complete, cancel, fim]

    static let complete = RPCMethod(
        name: "chat.complete",
        summary:
            "Asks the model to answer the branch ending at the head (or at `leaf_id`), or to continue a prefix draft; "
            + "streams `chat.delta` notifications, then stores the answer with its usage. A stopped generation "
            + "keeps its text as an interrupted prefix draft.",
        params: [
            ParamSpec("conversation_id", Schema.id, required: true),
            ParamSpec("request_id", requestIDSchema, "your name for this call, for chat.cancel (default: a new UUID)"),
            ParamSpec("leaf_id", Schema.id, "answer the branch ending here instead of at the head"),
            ParamSpec("draft_id", Schema.id, "a prefix draft for the model to continue (beta endpoint)"),
            ParamSpec(
                "settings", Schema.ref("GenerationSettings"), "overrides of the conversation's settings, field by field"
            ),
            ParamSpec("stream", Schema.boolean, "stream chat.delta notifications (default true)"),
        ],
        result: ResultSpec(
            "completion",
            Schema.object([
                "request_id": Schema.string, "message": Schema.ref("Message"), "usage": Schema.ref("UsageRecord"),
                "removed_draft_id": Schema.nullableID,
                "interrupted": Schema.object([
                    "reason": Schema.choice(["cancelled", "disconnected", "shutdown"]), "draft": Schema.ref("Draft"),
                ]),
            ]))
    ) { params, context in
        let requestID = try requestID(params)
        let run = ChatRun(
            store: context.store, service: context.completions, observer: RPCChatObserver(context: context),
            owner: context.session.number, conversationID: try params.id("conversation_id"), requestID: requestID,
            leafID: try params.optionalID("leaf_id"), draftID: try params.optionalID("draft_id"),
            overrides: try ConversationMethods.settings(params) ?? GenerationSettings(),
            stream: try params.optionalBool("stream") ?? true)
        do {
            switch try await run.run() {
            case let .stored(stored): return CompletionPayload(requestID: requestID, stored: stored)
            case let .stopped(reason, draft):
                return CompletionPayload(requestID: requestID, stoppedFor: reason, draft: draft)
            }
        } catch let failure as ChatRunError {
            throw UpstreamFailure.rpcError(failure, requestID: requestID)
        }
    }

    static let cancel = RPCMethod(
        name: "chat.cancel",
        summary:
            "Stops a running chat.complete (from any connection, including the one waiting for it); its text so far "
            + "is kept as an interrupted prefix draft.",
        params: [ParamSpec("request_id", requestIDSchema, required: true)],
        result: ResultSpec("cancelled", Schema.object(["request_id": Schema.string, "cancelled": Schema.boolean])),
        unordered: true,
        immediate: { params, context in
            let requestID = try params.string("request_id")
            guard context.completions.generations.stop(requestID: requestID, .cancelled) else {
                throw ParleyError.notFound(entity: "running completion", id: requestID)
            }
            return ["request_id": .string(requestID), "cancelled": true] as JSONValue
        })

    static let fim = RPCMethod(
        name: "fim.complete",
        summary:
            "Fill in the middle: the text between `prompt` and `suffix` (non-thinking mode only); usage is recorded.",
        params: [
            ParamSpec("prompt", Schema.string, required: true),
            ParamSpec("suffix", Schema.string),
            ParamSpec("model", Schema.string, "default deepseek-v4-flash"),
            ParamSpec("max_tokens", Schema.integer(minimum: 1, maximum: 384_000)),
            ParamSpec("temperature", ["type": "number", "minimum": 0, "maximum": 2]),
            ParamSpec("top_p", ["type": "number", "minimum": 0, "maximum": 1]),
            ParamSpec("stop", Schema.anyValue, "a string or up to 16 strings"),
            ParamSpec("echo", Schema.boolean, "repeat the prompt before the completion"),
            ParamSpec("thinking", Schema.choice(ThinkingMode.allCases.map(\.rawValue)), "only disabled is accepted"),
        ],
        result: ResultSpec(
            "fim",
            Schema.object([
                "text": Schema.string, "finish_reason": Schema.nullable("string"), "model": Schema.string,
                "usage": Schema.ref("UsageRecord"),
            ]))
    ) { params, context in
        if let thinking = try params.optionalChoice("thinking", of: ThinkingMode.self), thinking == .enabled {
            throw ParleyError.invalidValue(
                field: "thinking", value: "enabled",
                rule: "must be disabled: the API serves FIM in non-thinking mode only")
        }
        let request = try FIMRequest(
            model: try FieldRules.model(try params.optionalString("model") ?? Conversation.defaultModel),
            prompt: try params.string("prompt"), suffix: try params.optionalString("suffix"),
            maxTokens: try params.optionalInteger("max_tokens", in: GenerationSettings.Limits.maxTokens),
            temperature: try params.optionalDouble("temperature"), topP: try params.optionalDouble("top_p"),
            stop: try params.optionalDecoded(
                "stop", as: StopSequences.self, rule: "must be a string or an array of strings"),
            echo: try params.optionalBool("echo"))
        let result: UnstoredAnswer
        do {
            result = try await context.completions.fim(request, store: context.store)
        } catch let failure as ChatRunError {
            throw UpstreamFailure.rpcError(failure, requestID: nil)
        }
        let usage = result.usage.map(UsagePayload.init)
        if let usage { context.publish("usage.recorded", conversationID: nil, key: "usage", usage) }
        return FIMPayload(
            text: result.completion.content, finishReason: result.completion.finishReason, model: result.model,
            usage: usage)
    }

    private static let requestIDSchema: JSONValue = ["type": "string", "minLength": 1, "maxLength": 128]

    private static func requestID(_ params: Params) throws(ParleyError) -> String {
        guard let requestID = try params.optionalString("request_id") else { return EntityID.generate().rawValue }
        guard (1...128).contains(requestID.utf8.count),
            !requestID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .invalidValue(
                field: "request_id", value: requestID, rule: "must be 1 to 128 bytes without control characters")
        }
        return requestID
    }
}
