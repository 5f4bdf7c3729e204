import ParleyCore

/// Where a new message goes in the conversation's tree.
public enum ParentChoice: Sendable, Equatable {
    /// After the conversation's head (the leaf of the current branch); the default.
    case head
    /// As a new root, with no parent.
    case root
    /// After this message.
    case message(EntityID)
    /// Beside this message, under the same parent: an edit or a regenerated answer.
    case siblingOf(EntityID)
}

/// A message to append. The conversation's head moves to it.
public struct NewMessage: Sendable {
    public var conversationID: EntityID
    public var role: MessageRole
    public var content: MessageContent
    public var parent: ParentChoice
    public var reasoningContent: String?
    public var toolCalls: JSONValue?
    public var toolCallID: String?
    public var name: String?
    public var model: String?
    public var finishReason: String?
    public var status: MessageStatus
    /// Where it came from (a gateway token's name, an import's format); nil for Parley's own frontends.
    public var source: String?
    /// The id to store it under; nil makes a new one. A generation names its message before it is stored, so
    /// streamed deltas can say which message they will become.
    public var id: EntityID?

    public init(
        id: EntityID? = nil, conversationID: EntityID, role: MessageRole, content: MessageContent,
        parent: ParentChoice = .head,
        reasoningContent: String? = nil, toolCalls: JSONValue? = nil, toolCallID: String? = nil, name: String? = nil,
        model: String? = nil, finishReason: String? = nil, status: MessageStatus = .complete, source: String? = nil
    ) {
        self.id = id
        self.conversationID = conversationID
        self.role = role
        self.content = content
        self.parent = parent
        self.reasoningContent = reasoningContent
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
        self.model = model
        self.finishReason = finishReason
        self.status = status
        self.source = source
    }

    /// Checks what can be checked without the database.
    func validate() throws(ParleyError) {
        try content.validate()
        _ = try FieldRules.name(name, field: "name")
        try FieldRules.source(source)
        if let model { _ = try FieldRules.model(model) }
        if role == .tool, (toolCallID ?? "").isEmpty {
            throw .invalidValue(
                field: "tool_call_id", value: toolCallID ?? "", rule: "is required for a message with role tool")
        }
        if let toolCalls {
            guard role == .assistant else {
                throw .invalidValue(
                    field: "tool_calls", value: role.rawValue, rule: "are allowed only on assistant messages")
            }
            guard case let .array(calls) = toolCalls, calls.allSatisfy({ $0.objectValue != nil }) else {
                throw .invalidValue(
                    field: "tool_calls", value: (try? JSONCoding.encode(toolCalls)) ?? "",
                    rule: "must be an array of tool-call objects")
            }
        }
    }
}
