import GRDB
import ParleyCore

/// Records the usage and cost of API calls and sums them exactly.
public struct UsageRepository: Sendable {
    let store: ParleyStore

    public func record(_ new: NewUsage) async throws(ParleyError) -> UsageRecord {
        let writer = try UsageWriter(validating: new)
        let clock = store.clock
        return try await store.write { db in try writer.insert(db, clock: clock) }
    }

    /// Totals grouped by day, model or conversation over `[since, until)` (milliseconds since 1970).
    public func summary(
        groupBy grouping: UsageGrouping, since: Int64? = nil, until: Int64? = nil
    ) async throws(ParleyError) -> UsageSummary {
        let key =
            switch grouping {
            case .day: "strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')"
            case .model: "model"
            case .conversation: "coalesce(conversation_id, '')"
            }
        var conditions = ["1"]
        var arguments: [Int64] = []
        if let since {
            conditions.append("created_at >= ?")
            arguments.append(since)
        }
        if let until {
            conditions.append("created_at < ?")
            arguments.append(until)
        }
        let totals = """
            count(*) AS calls, sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens,
            sum(total_tokens) AS total_tokens, coalesce(sum(prompt_cache_hit_tokens), 0) AS prompt_cache_hit_tokens,
            coalesce(sum(prompt_cache_miss_tokens), 0) AS prompt_cache_miss_tokens,
            coalesce(sum(reasoning_tokens), 0) AS reasoning_tokens, decimal_sum(cost) AS cost,
            decimal_sum(discount) AS discount
            """
        let filter = conditions.joined(separator: " AND ")
        let finalArguments = StatementArguments(arguments)
        return try await store.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(key) AS key, \(totals) FROM usage_record WHERE \(filter) GROUP BY 1 ORDER BY 1",
                arguments: finalArguments)
            let total = try Row.fetchOne(
                db, sql: "SELECT 'total' AS key, \(totals) FROM usage_record WHERE \(filter)", arguments: finalArguments
            )
            return UsageSummary(rows: try rows.map(Self.summaryRow), total: try total.map(Self.summaryRow)!)
        }
    }

    private static func summaryRow(_ row: Row) throws -> UsageSummaryRow {
        let cost: String? = row["cost"]
        let discount: String? = row["discount"]
        return UsageSummaryRow(
            key: row["key"], calls: row["calls"], promptTokens: row["prompt_tokens"] ?? 0,
            completionTokens: row["completion_tokens"] ?? 0, totalTokens: row["total_tokens"] ?? 0,
            promptCacheHitTokens: row["prompt_cache_hit_tokens"],
            promptCacheMissTokens: row["prompt_cache_miss_tokens"],
            reasoningTokens: row["reasoning_tokens"],
            cost: try cost.map { try DecimalAmount(validating: $0, field: "cost") } ?? .zero,
            discount: try discount.map { try DecimalAmount(validating: $0, field: "discount") } ?? .zero)
    }
}
