import GRDB
import ParleyCore

/// Reads usage records back from rows.
enum UsageRow {
    static let columns = """
        id, conversation_id, message_id, model, prompt_tokens, completion_tokens, total_tokens, \
        prompt_cache_hit_tokens, prompt_cache_miss_tokens, reasoning_tokens, cost, discount, price_table, latency_ms, \
        request_id, created_at, hlc
        """

    static func decode(_ row: Row) throws -> UsageRecord {
        let conversation: String? = row["conversation_id"]
        let message: String? = row["message_id"]
        let cost: String? = row["cost"]
        let discount: String? = row["discount"]
        return UsageRecord(
            id: EntityID(trusted: row["id"]),
            conversationID: conversation.map(EntityID.init(trusted:)),
            messageID: message.map(EntityID.init(trusted:)),
            model: row["model"],
            promptTokens: row["prompt_tokens"],
            completionTokens: row["completion_tokens"],
            totalTokens: row["total_tokens"],
            promptCacheHitTokens: row["prompt_cache_hit_tokens"],
            promptCacheMissTokens: row["prompt_cache_miss_tokens"],
            reasoningTokens: row["reasoning_tokens"],
            cost: try cost.map { text in try DecimalAmount(validating: text, field: "usage_record.cost") },
            discount: try discount.map { text in try DecimalAmount(validating: text, field: "usage_record.discount") },
            priceTable: row["price_table"],
            latencyMilliseconds: row["latency_ms"],
            requestID: row["request_id"],
            createdAt: row["created_at"],
            hlc: try HybridTimestamp(validating: row["hlc"], field: "usage_record.hlc"))
    }

    static func fetch(_ db: Database, id: EntityID) throws -> UsageRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(columns) FROM usage_record WHERE id = ?"), arguments: [id.rawValue]
        ).map(decode)
    }

    /// Built once, not on every insert.
    private static let insertSQL =
        "INSERT INTO usage_record (\(columns)) VALUES (" + Array(repeating: "?", count: 17).joined(separator: ", ")
        + ")"
    private static let insertIfAbsentSQL = insertSQL + " ON CONFLICT (id) DO NOTHING"

    /// Inserts a record; with `ifAbsent`, a record whose id is already stored is left as it is. Returns whether
    /// a row was written.
    @discardableResult
    static func insert(_ db: Database, _ record: UsageRecord, ifAbsent: Bool = false) throws -> Bool {
        try db.cachedStatement(
            sql: ifAbsent ? insertIfAbsentSQL : insertSQL
        ).execute(arguments: [
            record.id.rawValue, record.conversationID?.rawValue, record.messageID?.rawValue, record.model,
            record.promptTokens, record.completionTokens, record.totalTokens, record.promptCacheHitTokens,
            record.promptCacheMissTokens, record.reasoningTokens, record.cost?.description,
            record.discount?.description, record.priceTable, record.latencyMilliseconds, record.requestID,
            record.createdAt, record.hlc.description,
        ])
        return db.changesCount == 1
    }
}
