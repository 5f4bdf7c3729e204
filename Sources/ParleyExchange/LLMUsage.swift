import ParleyCore
import ParleyStore

/// The usage llm records for one model call, in either generation: `input_tokens`, `output_tokens`,
/// `duration_ms` and the provider's own counters in the `token_details` JSON.
enum LLMUsage {
    /// Nil when llm recorded no token counts at all (local models often report none): a usage record of zeros
    /// would claim a free call. Unreadable `token_details` only loses the detail counters.
    static func usage(
        inputTokens: Int?, outputTokens: Int?, tokenDetails: String?, durationMilliseconds: Int?
    ) -> ImportedUsage? {
        let details = tokenDetails.flatMap { try? JSONParser.parse(Array($0.utf8)) }?.objectValue
        guard inputTokens != nil || outputTokens != nil || details != nil else { return nil }
        let completionDetails = details?["completion_tokens_details"]
        let promptDetails = details?["prompt_tokens_details"]
        return ImportedUsage(
            promptTokens: max(0, inputTokens ?? 0),
            completionTokens: max(0, outputTokens ?? 0),
            promptCacheHitTokens: details?["prompt_cache_hit_tokens"]?.intValue
                ?? promptDetails?["cached_tokens"]?.intValue ?? details?["cache_read_input_tokens"]?.intValue,
            promptCacheMissTokens: details?["prompt_cache_miss_tokens"]?.intValue,
            reasoningTokens: completionDetails?["reasoning_tokens"]?.intValue ?? details?["reasoning_tokens"]?.intValue,
            latencyMilliseconds: durationMilliseconds.flatMap { $0 >= 0 ? $0 : nil })
    }

    /// The finish reason in a provider's raw answer (`response_json`), where the plugin kept one: OpenAI's
    /// `choices[0].finish_reason`, a top-level `finish_reason`, or Anthropic's `stop_reason`.
    static func finishReason(responseJSON: String?) -> String? {
        guard let text = responseJSON, let value = try? JSONParser.parse(Array(text.utf8)) else { return nil }
        return value["choices"]?.arrayValue?.first?["finish_reason"]?.nonEmptyString
            ?? value["finish_reason"]?.nonEmptyString ?? value["stop_reason"]?.nonEmptyString
    }

    /// A tool call in the OpenAI shape Parley stores; `arguments` is JSON text.
    static func toolCall(id: String, name: String, arguments: String) -> JSONValue {
        ["id": .string(id), "type": "function", "function": ["name": .string(name), "arguments": .string(arguments)]]
    }

    /// The arguments of a 0.32+ tool call part (an object in the payload) as JSON text; text stays as written.
    static func argumentsText(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: "{}"
        case let .string(text)?: text.isEmpty ? "{}" : text
        case let value?: (try? JSONCoding.encode(value)) ?? "{}"
        }
    }
}
