import ParleyCore

/// The rules an entity state read from a sync target must meet before it is merged: the same rules a local
/// write meets, plus the invariants the merge relies on. Records come from other machines and are untrusted.
public enum SyncRecordRules {
    /// More devices than ever edit one draft, and more saves than one device ever makes of it.
    static let maximumDraftDevices = 10_000
    static let maximumDraftSaves = 1 << 40

    /// Checks one record; `field` prefixes every field name in the error (`records[12]`).
    public static func validate(_ record: SyncRecord, field: String) throws(ParleyError) {
        switch record {
        case let .conversation(conversation, stamps):
            let prefix = field + ".conversation"
            try FieldRules.source(conversation.source, field: prefix + ".source")
            try FieldRules.sourceID(conversation.sourceID, field: prefix + ".source_id")
            _ = try FieldRules.title(conversation.title, field: prefix + ".title")
            _ = try FieldRules.model(conversation.model, field: prefix + ".model")
            let tags = try FieldRules.tags(conversation.tags, field: prefix + ".tags")
            guard tags == conversation.tags else {
                throw .invalidValue(
                    field: prefix + ".tags", value: conversation.tags.joined(separator: ","),
                    rule: "must be trimmed and without repeats")
            }
            try conversation.settings.validate(field: prefix + ".settings")
            try times(conversation.createdAt, conversation.updatedAt, field: prefix)
            guard let newest = stamps.all.max(), conversation.hlc == newest else {
                throw .invalidValue(
                    field: prefix + ".hlc", value: conversation.hlc.description,
                    rule: "must be the newest of the field stamps")
            }
        case let .message(message):
            let prefix = field + ".message"
            try message.content.validate(field: prefix + ".content")
            _ = try FieldRules.name(message.name, field: prefix + ".name")
            try FieldRules.source(message.source, field: prefix + ".source")
            try FieldRules.sourceID(message.sourceID, field: prefix + ".source_id")
            if let model = message.model { _ = try FieldRules.model(model, field: prefix + ".model") }
            if message.role == .tool, (message.toolCallID ?? "").isEmpty {
                throw .invalidValue(
                    field: prefix + ".tool_call_id", value: "", rule: "is required for a message with role tool")
            }
            if message.toolCalls != nil, message.role != .assistant {
                throw .invalidValue(
                    field: prefix + ".tool_calls", value: message.role.rawValue,
                    rule: "are allowed only on assistant messages")
            }
            try times(message.createdAt, message.updatedAt, field: prefix)
        case let .draft(draft, versions):
            let prefix = field + ".draft"
            // Bounded so that the sum (the revision every device computes) can never overflow.
            guard (1...maximumDraftDevices).contains(versions.count),
                versions.values.allSatisfy({ (1...maximumDraftSaves).contains($0) })
            else {
                throw .invalidValue(
                    field: field + ".versions", value: "\(versions.count) entries",
                    rule: "must name 1 to \(maximumDraftDevices) devices, each with 1 to \(maximumDraftSaves) saves")
            }
            let sum = versions.values.reduce(0, +)
            guard draft.revision == sum else {
                throw .invalidValue(
                    field: prefix + ".revision", value: "\(draft.revision)",
                    rule: "must be the number of saves its versions count (\(sum))")
            }
            try times(draft.createdAt, draft.updatedAt, field: prefix)
        case let .usage(usage):
            let prefix = field + ".usage"
            _ = try FieldRules.model(usage.model, field: prefix + ".model")
            try FieldRules.usageCounts(
                [
                    ("prompt_tokens", usage.promptTokens), ("completion_tokens", usage.completionTokens),
                    ("total_tokens", usage.totalTokens), ("prompt_cache_hit_tokens", usage.promptCacheHitTokens),
                    ("prompt_cache_miss_tokens", usage.promptCacheMissTokens),
                    ("reasoning_tokens", usage.reasoningTokens), ("latency_ms", usage.latencyMilliseconds),
                ], cost: usage.cost, prefix: prefix + ".")
            try times(usage.createdAt, usage.createdAt, field: prefix)
        }
    }

    private static func times(_ created: Int64, _ updated: Int64, field: String) throws(ParleyError) {
        guard created >= 0 else {
            throw .invalidValue(field: field + ".created_at", value: "\(created)", rule: "must be 0 or more")
        }
        guard updated >= created else {
            throw .invalidValue(
                field: field + ".updated_at", value: "\(updated)", rule: "must not be before created_at (\(created))")
        }
    }
}
