import ParleyCore

/// A draft to save: a new one (no `id`, or an `id` not yet used) or a new revision of an existing one.
public struct DraftSave: Sendable {
    /// Nil creates a draft with a new id.
    public var id: EntityID?
    public var conversationID: EntityID
    public var kind: DraftKind
    public var content: String
    public var parentID: EntityID?
    public var reasoningContent: String?
    /// The tool-call fragments of a cut-off generation (the API's `tool_calls` array).
    public var toolCalls: JSONValue?
    /// True for the text of a generation that was cut off.
    public var interrupted: Bool
    /// The revision the caller last saw; required when the draft exists, nil or 0 for a new draft.
    public var revision: Int?

    public init(
        id: EntityID? = nil, conversationID: EntityID, kind: DraftKind, content: String, parentID: EntityID? = nil,
        reasoningContent: String? = nil, toolCalls: JSONValue? = nil, interrupted: Bool = false,
        revision: Int? = nil
    ) {
        self.id = id
        self.conversationID = conversationID
        self.kind = kind
        self.content = content
        self.parentID = parentID
        self.reasoningContent = reasoningContent
        self.toolCalls = toolCalls
        self.interrupted = interrupted
        self.revision = revision
    }
}
