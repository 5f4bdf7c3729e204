import ParleyCore
import ParleyStore

/// One search result as the API shows it.
public struct SearchHitPayload: Sendable, Encodable {
    public let hit: SearchHit

    public init(_ hit: SearchHit) {
        self.hit = hit
    }

    enum CodingKeys: String, CodingKey {
        case role, model, source, branch, snippet, rank
        case messageID = "message_id"
        case conversationID = "conversation_id"
        case conversationTitle = "conversation_title"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hit.messageID, forKey: .messageID)
        try container.encode(hit.conversationID, forKey: .conversationID)
        try container.encode(hit.conversationTitle, forKey: .conversationTitle)
        try container.encode(hit.role, forKey: .role)
        try container.encode(hit.model, forKey: .model)
        try container.encode(hit.source, forKey: .source)
        try container.encode(hit.branch, forKey: .branch)
        try container.encode(hit.snippet, forKey: .snippet)
        try container.encode(hit.rank, forKey: .rank)
        try container.encode(RFC3339.string(fromMilliseconds: hit.createdAt), forKey: .createdAt)
    }
}
