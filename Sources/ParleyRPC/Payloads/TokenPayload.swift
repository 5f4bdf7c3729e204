import ParleyCore
import ParleyStore

/// A gateway token as `token.list` shows it: its name and when it was made and last used, never the token.
struct TokenPayload: Encodable, Sendable {
    let token: GatewayToken

    enum CodingKeys: String, CodingKey {
        case name
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token.name, forKey: .name)
        try container.encode(RFC3339.string(fromMilliseconds: token.createdAt), forKey: .createdAt)
        try container.encode(token.lastUsedAt.map { RFC3339.string(fromMilliseconds: $0) }, forKey: .lastUsedAt)
    }
}
