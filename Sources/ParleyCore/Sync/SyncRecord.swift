/// The state of one entity as a sync segment carries it.
///
/// Segments carry current states rather than operations: applying a state is idempotent and order-free under
/// the merge rules (union for messages and usage, last-writer-wins per conversation field, version vectors
/// for drafts), so a segment applied twice, or segments of several devices applied in any order, converge.
public enum SyncRecord: Sendable, Hashable {
    /// A conversation with the stamp of each field's last change.
    case conversation(Conversation, stamps: ConversationFieldStamps)
    case message(Message)
    /// A draft with its version vector: how many saves each device made to it.
    case draft(Draft, versions: [EntityID: Int])
    case usage(UsageRecord)

    public var entity: ChangeEntity {
        switch self {
        case .conversation: .conversation
        case .message: .message
        case .draft: .draft
        case .usage: .usage
        }
    }

    public var id: EntityID {
        switch self {
        case let .conversation(conversation, _): conversation.id
        case let .message(message): message.id
        case let .draft(draft, _): draft.id
        case let .usage(usage): usage.id
        }
    }

    /// Every clock stamp the record holds, so an importer can refuse one from too far in the future.
    public var stamps: [HybridTimestamp] {
        switch self {
        case let .conversation(conversation, stamps): [conversation.hlc] + stamps.all
        case let .message(message): [message.hlc]
        case let .draft(draft, _): [draft.hlc]
        case let .usage(usage): [usage.hlc]
        }
    }
}

extension SyncRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case type, conversation, stamps, message, draft, versions, usage
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "conversation":
            self = .conversation(
                try container.decode(Conversation.self, forKey: .conversation),
                stamps: try container.decode(ConversationFieldStamps.self, forKey: .stamps))
        case "message":
            self = .message(try container.decode(Message.self, forKey: .message))
        case "draft":
            let versions = try container.decode([String: Int].self, forKey: .versions)
            var vector: [EntityID: Int] = [:]
            for (device, count) in versions {
                let field = (decoder.codingPath.map(\.stringValue) + ["versions"]).joined(separator: ".")
                vector[try EntityID(validating: device, field: field)] = count
            }
            self = .draft(try container.decode(Draft.self, forKey: .draft), versions: vector)
        case "usage":
            self = .usage(try container.decode(UsageRecord.self, forKey: .usage))
        default:
            let field = (decoder.codingPath.map(\.stringValue) + ["type"]).joined(separator: ".")
            throw ParleyError.invalidValue(
                field: field, value: type,
                rule: "must be one of conversation, message, draft, usage (a newer Parley may write other types)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entity.rawValue, forKey: .type)
        switch self {
        case let .conversation(conversation, stamps):
            try container.encode(conversation, forKey: .conversation)
            try container.encode(stamps, forKey: .stamps)
        case let .message(message):
            try container.encode(message, forKey: .message)
        case let .draft(draft, versions):
            try container.encode(draft, forKey: .draft)
            try container.encode(
                Dictionary(uniqueKeysWithValues: versions.map { ($0.key.rawValue, $0.value) }), forKey: .versions)
        case let .usage(usage):
            try container.encode(usage, forKey: .usage)
        }
    }
}
