/// Text in progress: a prefix-continuation draft or a composer draft.
///
/// Every save names the ``revision`` it started from, so two frontends editing one draft get a conflict
/// instead of silently overwriting each other.
public struct Draft: Sendable, Hashable, Codable, Identifiable {
    public var id: EntityID
    public var conversationID: EntityID
    /// The message this draft continues from or replies to; nil means the conversation's root.
    public var parentID: EntityID?
    public var kind: DraftKind
    public var content: String
    public var reasoningContent: String?
    /// The API's `tool_calls` array as far as it arrived, when a generation was cut off while calling a tool.
    public var toolCalls: JSONValue?
    /// Starts at 1 and grows by one with every save.
    public var revision: Int
    /// True when the draft is the text of a generation that was cut off.
    public var interrupted: Bool
    /// Set on the copy kept for the losing side of a concurrent edit: the draft it lost to.
    public var conflictOf: EntityID?
    public var deleted: Bool
    public var createdAt: Int64
    public var updatedAt: Int64
    public var hlc: HybridTimestamp

    public init(
        id: EntityID, conversationID: EntityID, parentID: EntityID?, kind: DraftKind, content: String,
        reasoningContent: String?, toolCalls: JSONValue? = nil, revision: Int, interrupted: Bool = false,
        conflictOf: EntityID? = nil, deleted: Bool = false, createdAt: Int64, updatedAt: Int64, hlc: HybridTimestamp
    ) {
        self.id = id
        self.conversationID = conversationID
        self.parentID = parentID
        self.kind = kind
        self.content = content
        self.reasoningContent = reasoningContent
        self.toolCalls = toolCalls
        self.revision = revision
        self.interrupted = interrupted
        self.conflictOf = conflictOf
        self.deleted = deleted
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.hlc = hlc
    }

    /// The snake_case names the API and sync use, shared by the RPC payloads.
    public enum CodingKeys: String, CodingKey {
        case id, kind, content, revision, interrupted, deleted, hlc
        case conversationID = "conversation_id"
        case parentID = "parent_id"
        case reasoningContent = "reasoning_content"
        case toolCalls = "tool_calls"
        case conflictOf = "conflict_of"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
