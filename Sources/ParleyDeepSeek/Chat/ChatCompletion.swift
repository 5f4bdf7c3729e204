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

/// What one streamed event said, for the caller to relay as it arrives: the answer's additions, and the
/// event as it came, so a relay can pass on what Parley does not read (finish reasons, usage, logprobs) and
/// the server's keep-alives.
public struct ChatDelta: Equatable, Sendable {
    public var content: String?
    public var reasoningContent: String?
    /// The chunk's tool-call fragments as sent (`index`, and `id` and name on the first fragment only).
    public var toolCalls: JSONValue?
    /// The chunk's JSON text exactly as the API sent it; nil for a keep-alive.
    public var chunk: String?
    /// A comment line the API sent to keep the stream alive (`: keep-alive`), without its colon.
    public var comment: String?
    /// More events of the same read follow at once: a relay can hold this one back and write them together,
    /// losing no time, since they arrived together.
    public var moreFollow = false

    public init(
        content: String? = nil, reasoningContent: String? = nil, toolCalls: JSONValue? = nil, chunk: String? = nil,
        comment: String? = nil
    ) {
        self.content = content
        self.reasoningContent = reasoningContent
        self.toolCalls = toolCalls
        self.chunk = chunk
        self.comment = comment
    }

    /// Whether it adds to the answer (text, thinking or a tool-call fragment), rather than only finishing it,
    /// reporting usage or keeping the stream alive.
    public var addsToAnswer: Bool { content != nil || reasoningContent != nil || toolCalls != nil }
}
