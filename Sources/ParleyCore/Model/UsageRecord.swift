/// The accounting of one API call: every token field of the API's usage object, and its cost.
public struct UsageRecord: Sendable, Hashable, Codable, Identifiable {
    /// More tokens (or milliseconds) than any call could take: a count past it comes from a broken or hostile
    /// peer, and refusing it keeps every sum and every cost from overflowing.
    public static let maximumCount = 1_000_000_000_000

    public var id: EntityID
    public var conversationID: EntityID?
    public var messageID: EntityID?
    public var model: String
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public var promptCacheHitTokens: Int?
    public var promptCacheMissTokens: Int?
    public var reasoningTokens: Int?
    /// Cost in USD, exact: the provider's figure when it reports one, else computed from ``priceTable``.
    public var cost: DecimalAmount?
    public var discount: DecimalAmount?
    /// The price table the cost was computed from; nil when the provider reported the cost itself.
    public var priceTable: String?
    public var latencyMilliseconds: Int?
    public var requestID: String?
    public var createdAt: Int64
    public var hlc: HybridTimestamp

    public init(
        id: EntityID, conversationID: EntityID?, messageID: EntityID?, model: String, promptTokens: Int,
        completionTokens: Int, totalTokens: Int, promptCacheHitTokens: Int?, promptCacheMissTokens: Int?,
        reasoningTokens: Int?, cost: DecimalAmount?, discount: DecimalAmount?, priceTable: String?,
        latencyMilliseconds: Int?, requestID: String?, createdAt: Int64, hlc: HybridTimestamp
    ) {
        self.id = id
        self.conversationID = conversationID
        self.messageID = messageID
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
        self.createdAt = createdAt
        self.hlc = hlc
    }

    /// The snake_case names the API and sync use, shared by the RPC payloads.
    public enum CodingKeys: String, CodingKey {
        case id, model, cost, discount, hlc
        case conversationID = "conversation_id"
        case messageID = "message_id"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptCacheHitTokens = "prompt_cache_hit_tokens"
        case promptCacheMissTokens = "prompt_cache_miss_tokens"
        case reasoningTokens = "reasoning_tokens"
        case priceTable = "price_table"
        case latencyMilliseconds = "latency_ms"
        case requestID = "request_id"
        case createdAt = "created_at"
    }
}
