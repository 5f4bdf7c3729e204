import ParleyCore

/// The usage of one API call, as the API's usage object reports it (plus what Parley measured).
public struct NewUsage: Sendable {
    public var model: String
    public var promptTokens: Int
    public var completionTokens: Int
    /// Defaults to prompt + completion.
    public var totalTokens: Int?
    public var promptCacheHitTokens: Int?
    public var promptCacheMissTokens: Int?
    public var reasoningTokens: Int?
    /// USD as a decimal string, e.g. `"0.00042"`.
    public var cost: String?
    public var discount: String?
    public var priceTable: String?
    public var latencyMilliseconds: Int?
    public var requestID: String?
    public var conversationID: EntityID?
    public var messageID: EntityID?

    public init(
        model: String, promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil,
        promptCacheHitTokens: Int? = nil, promptCacheMissTokens: Int? = nil, reasoningTokens: Int? = nil,
        cost: String? = nil, discount: String? = nil, priceTable: String? = nil, latencyMilliseconds: Int? = nil,
        requestID: String? = nil, conversationID: EntityID? = nil, messageID: EntityID? = nil
    ) {
        self.model = model
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
        self.promptCacheHitTokens = promptCacheHitTokens
        self.promptCacheMissTokens = promptCacheMissTokens
        self.reasoningTokens = reasoningTokens
        self.cost = cost
        self.discount = discount
        self.priceTable = priceTable
        self.latencyMilliseconds = latencyMilliseconds
        self.requestID = requestID
        self.conversationID = conversationID
        self.messageID = messageID
    }
}

/// How ``UsageRepository/summary(groupBy:since:until:)`` groups its rows.
public enum UsageGrouping: String, Sendable, CaseIterable {
    /// By UTC calendar day, `YYYY-MM-DD`.
    case day
    case model
    case conversation
}

/// Totals over a group of usage records. `cost` sums only the records that have a cost.
public struct UsageSummaryRow: Sendable, Hashable, Codable {
    public var key: String
    public var calls: Int
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public var promptCacheHitTokens: Int
    public var promptCacheMissTokens: Int
    public var reasoningTokens: Int
    public var cost: DecimalAmount
    public var discount: DecimalAmount

    enum CodingKeys: String, CodingKey {
        case key, calls, cost, discount
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptCacheHitTokens = "prompt_cache_hit_tokens"
        case promptCacheMissTokens = "prompt_cache_miss_tokens"
        case reasoningTokens = "reasoning_tokens"
    }
}

/// The rows of a usage summary and their grand total.
public struct UsageSummary: Sendable, Hashable, Codable {
    public var rows: [UsageSummaryRow]
    public var total: UsageSummaryRow
}
