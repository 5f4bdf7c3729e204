import ParleyCore

/// One answer of the chat API, whole or as far as it got.
public struct ChatCompletion: Equatable, Sendable {
    /// The API's completion id.
    public var id: String?
    /// The model as the API named it in its answer.
    public var model: String?
    public var content: String
    public var reasoningContent: String?
    /// `[{id, type, function: {name, arguments}}]` in the API's order, arguments joined from their fragments.
    public var toolCalls: JSONValue?
    public var finishReason: String?
    public var usage: ChatUsage?

    public init(
        id: String? = nil, model: String? = nil, content: String = "", reasoningContent: String? = nil,
        toolCalls: JSONValue? = nil, finishReason: String? = nil, usage: ChatUsage? = nil
    ) {
        self.id = id
        self.model = model
        self.content = content
        self.reasoningContent = reasoningContent
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
    }
}

/// What one streamed chunk added, for the caller to relay as it arrives.
public struct ChatDelta: Equatable, Sendable {
    public var content: String?
    public var reasoningContent: String?
    /// The chunk's tool-call fragments as sent (`index`, and `id` and name on the first fragment only).
    public var toolCalls: JSONValue?

    public init(content: String? = nil, reasoningContent: String? = nil, toolCalls: JSONValue? = nil) {
        self.content = content
        self.reasoningContent = reasoningContent
        self.toolCalls = toolCalls
    }

    var isEmpty: Bool { content == nil && reasoningContent == nil && toolCalls == nil }
}
