/// One message of a conversation's tree. Messages are never overwritten: an edit or a regenerated answer is a
/// new sibling under the same parent, so every branch the user ever saw stays reachable.
public struct Message: Sendable, Hashable, Codable, Identifiable {
    public var id: EntityID
    public var conversationID: EntityID
    /// Nil for a root message.
    public var parentID: EntityID?
    public var role: MessageRole
    public var content: MessageContent
    /// The model's thinking text, which must be sent back after a tool-call turn.
    public var reasoningContent: String?
    /// The API's `tool_calls` array, kept as given.
    public var toolCalls: JSONValue?
    public var toolCallID: String?
    public var name: String?
    public var model: String?
    public var finishReason: String?
    /// Where the message came from, when not from Parley's own frontends: the name of the gateway token that
    /// sent it, or the format it was imported from. Set once, when it is stored.
    public var source: String?
    /// The message's id in the export it was imported from (a ChatGPT node id, an llm response id).
    public var sourceID: String?
    public var status: MessageStatus
    public var deleted: Bool
    public var createdAt: Int64
    public var updatedAt: Int64
    public var hlc: HybridTimestamp

    public init(
        id: EntityID, conversationID: EntityID, parentID: EntityID?, role: MessageRole, content: MessageContent,
        reasoningContent: String? = nil, toolCalls: JSONValue? = nil, toolCallID: String? = nil,
        name: String? = nil, model: String? = nil, finishReason: String? = nil, source: String? = nil,
        sourceID: String? = nil, status: MessageStatus = .complete, deleted: Bool = false, createdAt: Int64,
        updatedAt: Int64, hlc: HybridTimestamp
    ) {
        self.id = id
        self.conversationID = conversationID
        self.parentID = parentID
        self.role = role
        self.content = content
        self.reasoningContent = reasoningContent
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
        self.model = model
        self.finishReason = finishReason
        self.source = source
        self.sourceID = sourceID
        self.status = status
        self.deleted = deleted
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.hlc = hlc
    }

    /// The snake_case names the API and sync use, shared by the RPC payloads.
    public enum CodingKeys: String, CodingKey {
        case id, role, content, name, model, source, status, deleted, hlc
        case conversationID = "conversation_id"
        case parentID = "parent_id"
        case reasoningContent = "reasoning_content"
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
        case finishReason = "finish_reason"
        case sourceID = "source_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
