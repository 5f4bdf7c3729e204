import ParleyCore
import ParleyStore

/// `usage.record` (for frontends that call the API themselves) and `usage.summary`.
enum UsageMethods {
    static let all: [RPCMethod] = [record, summary]

    private static let tokens = ["type": "integer", "minimum": 0] as JSONValue
    private static let tokenRange = 0...Int(Int32.max)

    static let record = RPCMethod(
        name: "usage.record", summary: "Records the usage and cost of one API call.",
        params: [
            ParamSpec("model", Schema.string, required: true),
            ParamSpec("prompt_tokens", tokens, required: true),
            ParamSpec("completion_tokens", tokens, required: true),
            ParamSpec("total_tokens", tokens, "default prompt + completion"),
            ParamSpec("conversation_id", Schema.id),
            ParamSpec("message_id", Schema.id),
            ParamSpec("prompt_cache_hit_tokens", tokens),
            ParamSpec("prompt_cache_miss_tokens", tokens),
            ParamSpec("reasoning_tokens", tokens),
            ParamSpec("cost", Schema.decimal, "USD as a decimal string, exact"),
            ParamSpec("discount", Schema.decimal, "USD as a decimal string, exact"),
            ParamSpec("price_table", Schema.string, "the price table the cost was computed from"),
            ParamSpec("latency_ms", tokens),
            ParamSpec("request_id", Schema.string, "the API's id for the call"),
        ],
        result: ResultSpec("usage", Schema.ref("UsageRecord"))
    ) { params, context in
        let record = try await context.store.usage.record(
            NewUsage(
                model: try params.string("model"),
                promptTokens: try params.integer("prompt_tokens", in: tokenRange),
                completionTokens: try params.integer("completion_tokens", in: tokenRange),
                totalTokens: try params.optionalInteger("total_tokens", in: tokenRange),
                promptCacheHitTokens: try params.optionalInteger("prompt_cache_hit_tokens", in: tokenRange),
                promptCacheMissTokens: try params.optionalInteger("prompt_cache_miss_tokens", in: tokenRange),
                reasoningTokens: try params.optionalInteger("reasoning_tokens", in: tokenRange),
                cost: try decimal(params, "cost"), discount: try decimal(params, "discount"),
                priceTable: try params.optionalString("price_table"),
                latencyMilliseconds: try params.optionalInteger("latency_ms", in: tokenRange),
                requestID: try params.optionalString("request_id"),
                conversationID: try params.optionalID("conversation_id"),
                messageID: try params.optionalID("message_id")))
        let payload = UsagePayload(record)
        context.publish("usage.recorded", conversationID: record.conversationID, key: "usage", payload)
        return payload
    }

    static let summary = RPCMethod(
        name: "usage.summary", summary: "Token and cost totals by day, model or conversation, with a grand total.",
        params: [
            ParamSpec("group_by", Schema.choice(UsageGrouping.allCases.map(\.rawValue)), required: true),
            ParamSpec("since", Schema.time),
            ParamSpec("until", Schema.time),
        ],
        result: ResultSpec(
            "summary",
            Schema.object(
                ["rows": Schema.array(of: Schema.ref("UsageSummaryRow")), "total": Schema.ref("UsageSummaryRow")],
                required: ["rows", "total"]))
    ) { params, context in
        try await context.store.usage.summary(
            groupBy: try params.choice("group_by", of: UsageGrouping.self), since: try params.optionalTime("since"),
            until: try params.optionalTime("until"))
    }

    /// Costs travel as strings so no float ever rounds a sum; a JSON number is refused with that reason.
    private static func decimal(_ params: Params, _ name: String) throws(ParleyError) -> String? {
        guard let value = params.value(name) else { return nil }
        guard case let .string(text) = value else {
            throw Params.wrongType(name, value, "must be a decimal string such as \"0.0042\" (strings keep it exact)")
        }
        return text
    }
}
