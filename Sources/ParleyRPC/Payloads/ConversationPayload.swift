import ParleyCore

/// A conversation as the API shows it: times as RFC 3339 strings, absent values as `null`.
public struct ConversationPayload: Sendable, Encodable {
    public let conversation: Conversation

    public init(_ conversation: Conversation) {
        self.conversation = conversation
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Conversation.CodingKeys.self)
        try container.encode(conversation.id, forKey: .id)
        try container.encode(conversation.title, forKey: .title)
        try container.encode(conversation.model, forKey: .model)
        try container.encode(conversation.settings, forKey: .settings)
        try container.encode(conversation.tags, forKey: .tags)
        try container.encode(conversation.pinned, forKey: .pinned)
        try container.encode(conversation.archived, forKey: .archived)
        try container.encode(conversation.deleted, forKey: .deleted)
        try container.encode(conversation.headMessageID, forKey: .headMessageID)
        try container.encode(conversation.source, forKey: .source)
        try container.encode(conversation.sourceID, forKey: .sourceID)
        try container.encode(RFC3339.string(fromMilliseconds: conversation.createdAt), forKey: .createdAt)
        try container.encode(RFC3339.string(fromMilliseconds: conversation.updatedAt), forKey: .updatedAt)
    }
}
