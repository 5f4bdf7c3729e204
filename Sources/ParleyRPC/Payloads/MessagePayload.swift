import ParleyCore

/// A message as the API shows it: every field present (`null` when unset), times as RFC 3339 strings.
public struct MessagePayload: Sendable, Encodable {
    public let message: Message

    public init(_ message: Message) {
        self.message = message
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Message.CodingKeys.self)
        try container.encode(message.id, forKey: .id)
        try container.encode(message.conversationID, forKey: .conversationID)
        try container.encode(message.parentID, forKey: .parentID)
        try container.encode(message.role, forKey: .role)
        try container.encode(message.content, forKey: .content)
        try container.encode(message.reasoningContent, forKey: .reasoningContent)
        try container.encode(message.toolCalls, forKey: .toolCalls)
        try container.encode(message.toolCallID, forKey: .toolCallID)
        try container.encode(message.name, forKey: .name)
        try container.encode(message.model, forKey: .model)
        try container.encode(message.finishReason, forKey: .finishReason)
        try container.encode(message.source, forKey: .source)
        try container.encode(message.sourceID, forKey: .sourceID)
        try container.encode(message.status, forKey: .status)
        try container.encode(message.deleted, forKey: .deleted)
        try container.encode(RFC3339.string(fromMilliseconds: message.createdAt), forKey: .createdAt)
    }
}
