import ParleyCore

/// Builds one ``ChatCompletion`` from a stream's chunks (or from a whole response body), checking each
/// against the shape the API sends. FIM answers carry `choices[].text` instead of a message or delta.
///
/// Tool calls stream in fragments joined by `index`: the first fragment of a call carries its `id`, type and
/// function name, later ones only more `arguments` text. Usage arrives either on the chunk that carries
/// `finish_reason` or on a last chunk whose `choices` is empty; both are read.
public struct CompletionAccumulator: Sendable {
    private struct ToolCall: Sendable {
        var id: String?
        var type: String?
        var name: String?
        var arguments = ""
    }

    /// Everything but the tool calls, which are kept as fragments until ``completion`` is read.
    private var answer = ChatCompletion()
    private var toolCalls: [Int: ToolCall] = [:]

    public init() {}

    /// The answer so far.
    public var completion: ChatCompletion {
        var whole = answer
        if !toolCalls.isEmpty {
            whole.toolCalls = .array(
                toolCalls.keys.sorted().map { index in
                    let call = toolCalls[index]!
                    return [
                        "id": call.id.map(JSONValue.string) ?? .null,
                        "type": .string(call.type ?? "function"),
                        "function": [
                            "name": call.name.map(JSONValue.string) ?? .null, "arguments": .string(call.arguments),
                        ],
                    ]
                })
        }
        return whole
    }

    /// Applies one streamed chunk (the JSON text of a `data:` line); returns what it added, if anything.
    public mutating func apply(chunk text: String) throws(DeepSeekError) -> ChatDelta? {
        let chunk: JSONValue
        do {
            chunk = try JSONParser.parse(text.utf8)
        } catch {
            throw .malformed("a stream chunk is not JSON (\(error.description)): \(Self.excerpt(text))")
        }
        guard case .object = chunk else { throw .malformed("a stream chunk is not an object: \(Self.excerpt(text))") }
        try readCommon(chunk)
        var delta = ChatDelta()
        for choice in try choices(chunk) {
            if case let .string(text)? = choice["text"] {
                delta.content = text
                answer.content += text
                try readFinishReason(choice)
                continue
            }
            guard case let .object(body)? = choice["delta"] else {
                throw .malformed("a streamed choice has no delta object: \(Self.excerpt(text))")
            }
            delta.content = try optionalText(body["content"], "delta.content")
            delta.reasoningContent = try optionalText(body["reasoning_content"], "delta.reasoning_content")
            if let content = delta.content { answer.content += content }
            if let reasoning = delta.reasoningContent {
                answer.reasoningContent = (answer.reasoningContent ?? "") + reasoning
            }
            if let fragments = body["tool_calls"], fragments != .null {
                try applyToolCalls(fragments)
                delta.toolCalls = fragments
            }
            try readFinishReason(choice)
        }
        return delta.addsToAnswer ? delta : nil
    }

    /// Reads a whole (not streamed) response body.
    public static func completion(fromBody body: some Collection<UInt8>) throws(DeepSeekError) -> ChatCompletion {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw .malformed("the response body is not JSON (\(error.description))")
        }
        guard case .object = value else { throw .malformed("the response body is not a JSON object") }
        var accumulator = CompletionAccumulator()
        try accumulator.readCommon(value)
        guard let choice = try accumulator.choices(value).first else {
            throw .malformed("the response has no choices")
        }
        if case let .string(text)? = choice["text"] {
            accumulator.answer.content = text
            try accumulator.readFinishReason(choice)
            return accumulator.completion
        }
        guard case let .object(message)? = choice["message"] else {
            throw .malformed("the response's choice has no message object")
        }
        accumulator.answer.content = try accumulator.optionalText(message["content"], "message.content") ?? ""
        accumulator.answer.reasoningContent = try accumulator.optionalText(
            message["reasoning_content"], "message.reasoning_content")
        if let calls = message["tool_calls"], calls != .null {
            guard case let .array(list) = calls else { throw .malformed("message.tool_calls must be an array") }
            for (index, call) in list.enumerated() {
                var withIndex = call.objectValue ?? [:]
                withIndex["index"] = .integer(Int64(index))
                try accumulator.applyToolCalls(.array([.object(withIndex)]))
            }
        }
        try accumulator.readFinishReason(choice)
        return accumulator.completion
    }

    private mutating func readCommon(_ value: JSONValue) throws(DeepSeekError) {
        if let error = value["error"], error != .null {
            throw .api(
                status: 200, message: error["message"]?.stringValue ?? Self.excerpt(error),
                type: error["type"]?.stringValue,
                code: error["code"]?.stringValue)
        }
        if let id = value["id"]?.stringValue { answer.id = id }
        if let model = value["model"]?.stringValue { answer.model = model }
        if let usage = value["usage"], usage != .null { answer.usage = try ChatUsage.read(usage) }
    }

    private func choices(_ value: JSONValue) throws(DeepSeekError) -> [JSONValue] {
        switch value["choices"] {
        case let .array(list)?: return list
        case nil, .null?: return []
        case let other?: throw .malformed("choices must be an array, not \(Self.excerpt(other))")
        }
    }

    private mutating func readFinishReason(_ choice: JSONValue) throws(DeepSeekError) {
        if let reason = try optionalText(choice["finish_reason"], "finish_reason") { answer.finishReason = reason }
    }

    private func optionalText(_ value: JSONValue?, _ field: String) throws(DeepSeekError) -> String? {
        switch value {
        case nil, .null?: return nil
        case let .string(text)?: return text
        case let other?: throw .malformed("\(field) must be a string, not \(Self.excerpt(other))")
        }
    }

    private mutating func applyToolCalls(_ fragments: JSONValue) throws(DeepSeekError) {
        guard case let .array(list) = fragments else { throw .malformed("delta.tool_calls must be an array") }
        for fragment in list {
            guard case let .integer(rawIndex)? = fragment["index"], rawIndex >= 0, rawIndex < 1024 else {
                throw .malformed("a tool-call fragment has no valid index: \(Self.excerpt(fragment))")
            }
            let index = Int(rawIndex)
            var call = toolCalls[index] ?? ToolCall()
            if let id = try optionalText(fragment["id"], "tool_calls.id") { call.id = id }
            if let type = try optionalText(fragment["type"], "tool_calls.type") { call.type = type }
            let function = fragment["function"]
            if let name = try optionalText(function?["name"], "tool_calls.function.name") { call.name = name }
            if let arguments = try optionalText(function?["arguments"], "tool_calls.function.arguments") {
                call.arguments += arguments
            }
            toolCalls[index] = call
        }
    }

    private static func excerpt(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    static func excerpt(_ value: JSONValue) -> String {
        excerpt((try? JSONStreamEncoder.encodeBytes(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?")
    }
}
