import ParleyCore
import ParleyStore

/// One conversation whose title matched, as the API shows it.
public struct ConversationHitPayload: Sendable, Encodable {
    public let hit: ConversationHit

    public init(_ hit: ConversationHit) {
        self.hit = hit
    }

    enum CodingKeys: String, CodingKey {
        case title, highlighted, rank, archived
        case conversationID = "conversation_id"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hit.conversationID, forKey: .conversationID)
        try container.encode(hit.title, forKey: .title)
        try container.encode(hit.highlighted, forKey: .highlighted)
        try container.encode(hit.rank, forKey: .rank)
        try container.encode(hit.archived, forKey: .archived)
        try container.encode(RFC3339.string(fromMilliseconds: hit.updatedAt), forKey: .updatedAt)
    }
}
