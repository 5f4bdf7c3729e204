/// How a conversation asks the model to answer: the chat API's generation parameters.
///
/// Every field is optional; an absent field means the API's default. ``validate(field:)`` checks the ranges of
/// the API page (`seed/deepseek-v4-flash-api.txt`) before anything is stored or sent.
public struct GenerationSettings: Sendable, Hashable, Codable {
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var frequencyPenalty: Double?
    public var presencePenalty: Double?
    public var stop: StopSequences?
    public var responseFormat: ResponseFormat?
    public var tools: [ToolDefinition]?
    public var toolChoice: ToolChoice?
    /// Nil means the API's default: thinking enabled.
    public var thinking: ThinkingMode?

    public init(
        temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil, frequencyPenalty: Double? = nil,
        presencePenalty: Double? = nil, stop: StopSequences? = nil, responseFormat: ResponseFormat? = nil,
        tools: [ToolDefinition]? = nil, toolChoice: ToolChoice? = nil, thinking: ThinkingMode? = nil
    ) {
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.stop = stop
        self.responseFormat = responseFormat
        self.tools = tools
        self.toolChoice = toolChoice
        self.thinking = thinking
    }

    /// Whether the model thinks, after applying the API's default.
    public var effectiveThinking: ThinkingMode { thinking ?? .enabled }

    enum CodingKeys: String, CodingKey {
        case temperature, stop, tools, thinking
        case topP = "top_p"
        case maxTokens = "max_tokens"
        case frequencyPenalty = "frequency_penalty"
        case presencePenalty = "presence_penalty"
        case responseFormat = "response_format"
        case toolChoice = "tool_choice"
    }
}
