import ParleyCore

/// A usage record as the API shows it: costs as exact decimal strings, the time as RFC 3339.
public struct UsagePayload: Sendable, Encodable {
    public let record: UsageRecord

    public init(_ record: UsageRecord) {
        self.record = record
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: UsageRecord.CodingKeys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.conversationID, forKey: .conversationID)
        try container.encode(record.messageID, forKey: .messageID)
        try container.encode(record.model, forKey: .model)
        try container.encode(record.promptTokens, forKey: .promptTokens)
        try container.encode(record.completionTokens, forKey: .completionTokens)
        try container.encode(record.totalTokens, forKey: .totalTokens)
        try container.encode(record.promptCacheHitTokens, forKey: .promptCacheHitTokens)
        try container.encode(record.promptCacheMissTokens, forKey: .promptCacheMissTokens)
        try container.encode(record.reasoningTokens, forKey: .reasoningTokens)
        try container.encode(record.cost, forKey: .cost)
        try container.encode(record.discount, forKey: .discount)
        try container.encode(record.priceTable, forKey: .priceTable)
        try container.encode(record.latencyMilliseconds, forKey: .latencyMilliseconds)
        try container.encode(record.requestID, forKey: .requestID)
        try container.encode(RFC3339.string(fromMilliseconds: record.createdAt), forKey: .createdAt)
    }
}
