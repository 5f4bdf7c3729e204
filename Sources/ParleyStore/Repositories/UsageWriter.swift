import GRDB
import ParleyCore

/// A usage record checked against the rules, ready to insert inside a caller's write transaction.
///
/// Shared by ``UsageRepository`` (a usage record on its own) and ``CompletionRepository`` (the usage of an
/// answer, stored with it).
struct UsageWriter {
    let new: NewUsage
    let model: String
    let cost: DecimalAmount?
    let discount: DecimalAmount?

    /// Checks every field, naming the first one that breaks a rule.
    init(validating new: NewUsage) throws(ParleyError) {
        model = try FieldRules.model(new.model)
        cost = try new.cost.map { text throws(ParleyError) in try DecimalAmount(validating: text, field: "cost") }
        discount = try new.discount.map { text throws(ParleyError) in
            try DecimalAmount(validating: text, field: "discount")
        }
        try FieldRules.usageCounts(
            [
                ("prompt_tokens", new.promptTokens), ("completion_tokens", new.completionTokens),
                ("total_tokens", new.totalTokens), ("prompt_cache_hit_tokens", new.promptCacheHitTokens),
                ("prompt_cache_miss_tokens", new.promptCacheMissTokens), ("reasoning_tokens", new.reasoningTokens),
                ("latency_ms", new.latencyMilliseconds),
            ], cost: cost)
        self.new = new
    }

    /// Inserts the record and logs it; `messageID`, a message written in the same transaction, replaces the one
    /// the record names.
    func insert(_ db: Database, clock: HybridLogicalClock, messageID: EntityID? = nil) throws -> UsageRecord {
        if let conversationID = new.conversationID { _ = try ConversationRow.fetchLive(db, id: conversationID) }
        if messageID == nil, let linked = new.messageID { _ = try MessageRow.fetchLive(db, id: linked) }
        let messageID = messageID ?? new.messageID
        let stamp = clock.now()
        let record = UsageRecord(
            id: EntityID.generate(), conversationID: new.conversationID, messageID: messageID, model: model,
            promptTokens: new.promptTokens, completionTokens: new.completionTokens,
            totalTokens: new.totalTokens ?? new.promptTokens + new.completionTokens,
            promptCacheHitTokens: new.promptCacheHitTokens, promptCacheMissTokens: new.promptCacheMissTokens,
            reasoningTokens: new.reasoningTokens, cost: cost, discount: discount, priceTable: new.priceTable,
            latencyMilliseconds: new.latencyMilliseconds, requestID: new.requestID, createdAt: stamp.milliseconds,
            hlc: stamp)
        try UsageRow.insert(db, record)
        try ChangeLog.append(db, .usage, record.id, .create, stamp)
        return record
    }
}
