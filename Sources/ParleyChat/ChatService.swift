import Foundation
import ParleyCore
import ParleyDeepSeek
import ParleyStore
import ParleyTransfer

/// The one completion path every frontend adapter shares (JSON-RPC's `chat.complete` and `fim.complete`, the
/// OpenAI-compatible gateway): the API client, the price table for costs the provider does not report, and the
/// generations running now.
public final class ChatService: Sendable {
    public let client: DeepSeekClient
    public let prices: PriceTable
    public let generations = ActiveGenerations()

    public init(configuration: DeepSeekConfiguration, prices: PriceTable = .deepSeekDefault) {
        self.client = DeepSeekClient(configuration: configuration)
        self.prices = prices
    }

    /// The error for a call made without a key, before anything is sent.
    func requireKey() throws(ChatRunError) {
        guard let key = client.configuration.apiKey, !key.isEmpty else {
            throw .upstream(.missingAPIKey, keptDraft: nil)
        }
    }

    /// Stops every running generation, keeping each one's text as a draft, and refuses new ones.
    public func stopAll() {
        generations.stopAll()
    }

    /// Stops the generations a connection started when it closes.
    public func connectionClosed(_ owner: Int) {
        generations.stopAll(of: owner)
    }

    /// The usage record to store for `usage`: the provider's cost when it reports one, else the table's.
    public func newUsage(
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

/// An answer that is not stored as a message (a fill-in-the-middle, a frontend's side task such as a title),
/// and the usage recorded for it.
public struct UnstoredAnswer: Sendable {
    public let completion: ChatCompletion
    /// The model the API named (when plausible), else the one asked for.
    public let model: String
    public let usage: UsageRecord?
}

extension ChatService {
    /// Fill in the middle (the beta endpoint, non-thinking mode), recording its usage. Throws ``ChatRunError``
    /// when the API gives no answer.
    public func fim(_ request: FIMRequest, store: ParleyStore) async throws -> UnstoredAnswer {
        try await answer(body: request.body(stream: false), endpoint: .fim, model: request.model, store: store)
    }

    /// Sends a request body as a frontend wrote it (its `stream` decides how the answer comes; `onDelta`
    /// receives each streamed event) and records its usage, against `conversationID` when it is about one.
    public func answer(
        body: JSONValue, endpoint: DeepSeekClient.Endpoint, model requested: String, conversationID: EntityID? = nil,
        store: ParleyStore, cancellation: CancellationFlag = .init(),
        onDelta: @escaping @Sendable (ChatDelta) -> Void = { _ in }
    ) async throws -> UnstoredAnswer {
        try requireKey()
        let began = ContinuousClock.now
        let completion: ChatCompletion
        do throws(DeepSeekError) {
            completion = try await client.chat(body, endpoint: endpoint, cancellation: cancellation, onDelta: onDelta)
        } catch {
            throw ChatRunError.upstream(error, keptDraft: nil)
        }
        let model = completion.model.flatMap { (try? FieldRules.model($0)) } ?? requested
        var usage: UsageRecord?
        if let reported = completion.usage {
            usage = try await store.usage.record(
                newUsage(
                    reported, model: model, conversationID: conversationID, requestID: completion.id,
                    latencyMilliseconds: ChatRun.milliseconds(since: began)))
        }
        return UnstoredAnswer(completion: completion, model: model, usage: usage)
    }
}
