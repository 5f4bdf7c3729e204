import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// What `chat.complete` and `fim.complete` need: the API client, the price table for costs the provider does
/// not report, and the generations running now.
public final class CompletionService: Sendable {
    public let client: DeepSeekClient
    public let prices: PriceTable
    let generations = ActiveGenerations()

    public init(configuration: DeepSeekConfiguration, prices: PriceTable = .deepSeekDefault) {
        self.client = DeepSeekClient(configuration: configuration)
        self.prices = prices
    }

    /// The error for a call made without a key, before anything is sent.
    func requireKey(requestID: String?) throws(RPCError) {
        guard let key = client.configuration.apiKey, !key.isEmpty else {
            throw UpstreamFailure.rpcError(.missingAPIKey, requestID: requestID)
        }
    }

    /// Stops every running generation, keeping each one's text as a draft, and refuses new ones.
    public func stopAll() {
        generations.stopAll()
    }

    /// Stops the generations a connection started when it closes.
    public func connectionClosed(_ session: RPCSession) {
        generations.stopAll(ofSession: session.number)
    }

    /// The usage record to store for `usage`: the provider's cost when it reports one, else the table's.
    func newUsage(
        _ usage: ChatUsage, model: String, conversationID: EntityID?, requestID: String?, latencyMilliseconds: Int
    ) -> NewUsage {
        var cost = usage.cost
        var table: String?
        if cost == nil, let computed = prices.cost(of: usage, model: model) {
            cost = computed
            table = prices.name
        }
        return NewUsage(
            model: model, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens,
            totalTokens: usage.totalTokens, promptCacheHitTokens: usage.promptCacheHitTokens,
            promptCacheMissTokens: usage.promptCacheMissTokens, reasoningTokens: usage.reasoningTokens,
            cost: cost?.description, discount: usage.discount?.description, priceTable: table,
            latencyMilliseconds: latencyMilliseconds, requestID: requestID, conversationID: conversationID)
    }
}
