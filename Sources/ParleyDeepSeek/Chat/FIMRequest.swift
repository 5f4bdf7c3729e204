import ParleyCore

/// A fill-in-the-middle request: the model writes what goes between `prompt` and `suffix`. The API serves it
/// in non-thinking mode only, on the beta base.
public struct FIMRequest: Sendable, Equatable {
    public var model: String
    public var prompt: String
    public var suffix: String?
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stop: StopSequences?
    /// Whether the answer repeats the prompt before the completion.
    public var echo: Bool?

    public init(
        model: String, prompt: String, suffix: String? = nil, maxTokens: Int? = nil, temperature: Double? = nil,
        topP: Double? = nil, stop: StopSequences? = nil, echo: Bool? = nil
    ) throws(ParleyError) {
        try GenerationSettings(temperature: temperature, topP: topP, maxTokens: maxTokens, stop: stop).validate(
            field: "")
        self.model = model
        self.prompt = prompt
        self.suffix = suffix
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stop = stop
        self.echo = echo
    }

    public func body(stream: Bool) -> JSONValue {
        var body: [String: JSONValue] = ["model": .string(model), "prompt": .string(prompt)]
        if let suffix { body["suffix"] = .string(suffix) }
        if let maxTokens { body["max_tokens"] = .integer(Int64(maxTokens)) }
        if let temperature { body["temperature"] = .double(temperature) }
        if let topP { body["top_p"] = .double(topP) }
        if let echo { body["echo"] = .bool(echo) }
        switch stop {
        case let .single(text)?: body["stop"] = .string(text)
        case let .multiple(texts)?: body["stop"] = .array(texts.map(JSONValue.string))
        case nil: break
        }
        return .object(StreamedBody.setting(stream: stream, in: body))
    }
}
