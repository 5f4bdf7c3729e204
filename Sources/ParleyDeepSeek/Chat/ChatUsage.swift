import ParleyCore

/// The API's usage object: every token count it reports, and the cost a gateway may add.
public struct ChatUsage: Equatable, Sendable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public var promptCacheHitTokens: Int?
    public var promptCacheMissTokens: Int?
    /// `completion_tokens_details.reasoning_tokens`.
    public var reasoningTokens: Int?
    /// `usage.cost`, USD as a decimal string, when a gateway reports it.
    public var cost: DecimalAmount?
    public var discount: DecimalAmount?

    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int, promptCacheHitTokens: Int? = nil,
        promptCacheMissTokens: Int? = nil, reasoningTokens: Int? = nil, cost: DecimalAmount? = nil,
        discount: DecimalAmount? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
        self.promptCacheHitTokens = promptCacheHitTokens
        self.promptCacheMissTokens = promptCacheMissTokens
        self.reasoningTokens = reasoningTokens
        self.cost = cost
        self.discount = discount
    }

    /// More tokens than any call could use: a count past it is not the API's, and adding such counts (or
    /// pricing them) must never overflow.
    static let maximumTokens = Int64(UsageRecord.maximumCount)

    /// Reads a usage object, naming the field that is not what the API sends.
    static func read(_ value: JSONValue) throws(DeepSeekError) -> ChatUsage {
        guard case .object = value else { throw .malformed("usage must be an object") }
        let prompt = try count(value, "prompt_tokens") ?? 0
        let completion = try count(value, "completion_tokens") ?? 0
        return ChatUsage(
            promptTokens: prompt, completionTokens: completion,
            totalTokens: try count(value, "total_tokens") ?? prompt + completion,
            promptCacheHitTokens: try count(value, "prompt_cache_hit_tokens"),
            promptCacheMissTokens: try count(value, "prompt_cache_miss_tokens"),
            reasoningTokens: try value["completion_tokens_details"].flatMap { details throws(DeepSeekError) in
                try count(details, "reasoning_tokens", path: "usage.completion_tokens_details.")
            },
            cost: try amount(value, "cost"), discount: try amount(value, "discount"))
    }

    private static func count(
        _ object: JSONValue, _ name: String, path: String = "usage."
    ) throws(DeepSeekError)
        -> Int?
    {
        switch object[name] {
        case nil, .null: return nil
        case let .integer(number) where number >= 0 && number <= maximumTokens: return Int(number)
        case let value?:
            throw .malformed(
                "\(path)\(name) must be a count of tokens from 0 to \(maximumTokens), not "
                    + CompletionAccumulator.excerpt(value))
        }
    }

    /// A decimal sent as a string (exact) or as a number (as written in the JSON).
    private static func amount(_ object: JSONValue, _ name: String) throws(DeepSeekError) -> DecimalAmount? {
        let text: String
        switch object[name] {
        case nil, .null: return nil
        case let .string(value): text = value
        case let .integer(value): text = String(value)
        case let .double(value): text = String(value)
        case let value?:
            throw .malformed("usage.\(name) must be a decimal, not \(CompletionAccumulator.excerpt(value))")
        }
        let amount: DecimalAmount
        do {
            amount = try DecimalAmount(validating: text, field: "usage.\(name)")
        } catch {
            throw .malformed(error.description)
        }
        guard !(amount < .zero) else { throw .malformed("usage.\(name) must be 0 or more, not \(text)") }
        return amount
    }
}
