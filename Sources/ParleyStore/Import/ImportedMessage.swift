import ParleyCore

/// One message of an ``ImportedConversation``, with its parent named by source id.
public struct ImportedMessage: Sendable, Hashable {
    /// The message's id in the export; unique within its conversation.
    public var sourceID: String
    /// Nil for a root: an edited first message is a second root.
    public var parentSourceID: String?
    public var role: MessageRole
    public var content: MessageContent
    /// The model's thinking, from whatever the format calls it (`thoughts`, `THINK`, `thinking`, `reasoning`).
    public var reasoningContent: String?
    /// The API's `tool_calls` array: `[{id, type: "function", function: {name, arguments}}]`.
    public var toolCalls: JSONValue?
    /// Required for role `tool`: the id of the call this result answers.
    public var toolCallID: String?
    public var name: String?
    /// As written in the export (`gpt-4o`, `deepseek-reasoner`).
    public var model: String?
    public var finishReason: String?
    public var status: MessageStatus
    /// Milliseconds since 1970; nil when the export has none (the conversation's time is used).
    public var createdAt: Int64?
    /// The tokens the call that produced this answer used, where the export records them.
    public var usage: ImportedUsage?

    public init(
        sourceID: String, parentSourceID: String?, role: MessageRole, content: MessageContent,
        reasoningContent: String? = nil, toolCalls: JSONValue? = nil, toolCallID: String? = nil,
        name: String? = nil, model: String? = nil, finishReason: String? = nil, status: MessageStatus = .complete,
        createdAt: Int64? = nil, usage: ImportedUsage? = nil
    ) {
        self.sourceID = sourceID
        self.parentSourceID = parentSourceID
        self.role = role
        self.content = content
        self.reasoningContent = reasoningContent
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
        self.model = model
        self.finishReason = finishReason
        self.status = status
        self.createdAt = createdAt
        self.usage = usage
    }
}
