import ParleyCore

/// A draft as the API shows it; `interrupted` marks the text of a cut-off generation and `conflict_of` a copy
/// kept for the losing side of a concurrent edit.
public struct DraftPayload: Sendable, Encodable {
    public let draft: Draft

    public init(_ draft: Draft) {
        self.draft = draft
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Draft.CodingKeys.self)
        try container.encode(draft.id, forKey: .id)
        try container.encode(draft.conversationID, forKey: .conversationID)
        try container.encode(draft.parentID, forKey: .parentID)
        try container.encode(draft.kind, forKey: .kind)
        try container.encode(draft.content, forKey: .content)
        try container.encode(draft.reasoningContent, forKey: .reasoningContent)
        try container.encode(draft.toolCalls, forKey: .toolCalls)
        try container.encode(draft.revision, forKey: .revision)
        try container.encode(draft.interrupted, forKey: .interrupted)
        try container.encode(draft.conflictOf, forKey: .conflictOf)
        try container.encode(RFC3339.string(fromMilliseconds: draft.createdAt), forKey: .createdAt)
        try container.encode(RFC3339.string(fromMilliseconds: draft.updatedAt), forKey: .updatedAt)
    }
}
