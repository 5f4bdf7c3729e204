import ParleyCore
import ParleyDeepSeek
import ParleyStore

/// A `POST /v1/chat/completions` body, checked: what Parley reads of it (the model, the messages, how to
/// answer), and the body itself, relayed with every field Parley does not read untouched.
struct ChatCompletionRequest {
    var body: [String: JSONValue]
    var model: String
    /// Whether the frontend asked for server-sent events.
    var stream: Bool
    /// Whether it asked for the usage chunk at the end of the stream.
    var includeUsage: Bool
    /// The history and the new turn, without a trailing prefix-continuation message.
    var messages: [ThreadMessage]
    /// A trailing assistant message with `prefix: true`: the text the model continues (beta endpoint).
    var prefix: ChatRequest.Prefix?

    init(_ body: [String: JSONValue]) throws(OpenAIError) {
        self.body = body
        guard case let .string(model)? = body["model"] else {
            throw OpenAIError.invalid("model", value: Self.shown(body["model"]), rule: "is required: a model id string")
        }
        do {
            self.model = try FieldRules.model(model)
        } catch {
            throw OpenAIError(error)
        }
        stream = try Self.optionalBool(body, "stream") ?? false
        switch body["stream_options"] {
        case nil, .null?:
            includeUsage = false
        case let .object(options)?:
            includeUsage =
                try Self.optionalBool(options, "include_usage", path: "stream_options.include_usage") ?? false
        case let other?:
            throw OpenAIError.invalid("stream_options", value: Self.shown(other), rule: "must be an object")
        }
        if let n = body["n"], n != .null, n != .integer(1) {
            throw OpenAIError.invalid("n", value: Self.shown(n), rule: "must be 1: DeepSeek answers one choice")
        }
        guard case let .array(list)? = body["messages"], !list.isEmpty else {
            throw OpenAIError.invalid(
                "messages", value: Self.shown(body["messages"]), rule: "is required: a non-empty array of messages")
        }
        var messages: [ThreadMessage] = []
        for (index, item) in list.enumerated() {
            let path = "messages[\(index)]"
            guard case let .object(message) = item else {
                throw OpenAIError.invalid(path, value: Self.shown(item), rule: "must be an object")
            }
            if case .bool(true)? = message["prefix"] {
                guard index == list.count - 1, message["role"] == "assistant" else {
                    throw OpenAIError.invalid(
                        "\(path).prefix", value: "true", rule: "is allowed only on the last message, an assistant one")
                }
                prefix = ChatRequest.Prefix(
                    content: try Self.text(message["content"], "\(path).content"),
                    reasoningContent: try Self.optionalString(message, "reasoning_content", path: path))
                continue
            }
            messages.append(try Self.threadMessage(message, path: path))
        }
        guard !messages.isEmpty else {
            throw OpenAIError.invalid(
                "messages", value: "", rule: "must hold a message before the prefix to continue")
        }
        self.messages = messages
    }

    /// Where frontends put a side task's instructions: the last user message, or a system message that starts
    /// like one (a frontend whose task prompt is configurable may send it as the system prompt).
    var taskPrompt: String? {
        let user = messages.last(where: { $0.role == .user })?.content.searchableText
        if let user, SideTask.startsLikeTask(user) { return user }
        return messages.first(where: { $0.role == .system && SideTask.startsLikeTask($0.content.searchableText) })?
            .content.searchableText ?? user
    }

    private static func threadMessage(_ message: [String: JSONValue], path: String) throws(OpenAIError) -> ThreadMessage
    {
        guard case let .string(roleText)? = message["role"], let role = MessageRole(rawValue: roleText) else {
            throw OpenAIError.invalid(
                "\(path).role", value: shown(message["role"]),
                rule: "must be one of system, developer, user, assistant, tool")
        }
        let content: MessageContent
        switch message["content"] {
        case let .string(text)?: content = .text(text)
        case let .array(parts)?: content = .parts(parts)
        case nil, .null?:
            guard role == .assistant else {
                throw OpenAIError.invalid(
                    "\(path).content", value: "null", rule: "is required for a \(role.rawValue) message")
            }
            content = .text("")
        case let other?:
            throw OpenAIError.invalid(
                "\(path).content", value: shown(other), rule: "must be a string or an array of parts")
        }
        var toolCalls: JSONValue?
        if let calls = message["tool_calls"], calls != .null, calls != .array([]) {
            guard role == .assistant, case .array = calls else {
                throw OpenAIError.invalid(
                    "\(path).tool_calls", value: shown(calls), rule: "must be an array, on an assistant message")
            }
            toolCalls = calls
        }
        let toolCallID = try optionalString(message, "tool_call_id", path: path)
        if role == .tool, (toolCallID ?? "").isEmpty {
            throw OpenAIError.invalid("\(path).tool_call_id", value: "", rule: "is required for a tool message")
        }
        return ThreadMessage(
            role: role, content: content, name: try optionalString(message, "name", path: path), toolCalls: toolCalls,
            toolCallID: toolCallID, reasoningContent: try optionalString(message, "reasoning_content", path: path))
    }

    private static func text(_ value: JSONValue?, _ path: String) throws(OpenAIError) -> String {
        switch value {
        case let .string(text)?: return text
        case nil, .null?: return ""
        case let other?: throw OpenAIError.invalid(path, value: shown(other), rule: "must be a string")
        }
    }

    private static func optionalString(
        _ object: [String: JSONValue], _ key: String, path: String
    ) throws(OpenAIError)
        -> String?
    {
        switch object[key] {
        case nil, .null?: return nil
        case let .string(text)?: return text
        case let other?: throw OpenAIError.invalid("\(path).\(key)", value: shown(other), rule: "must be a string")
        }
    }

    static func optionalBool(
        _ object: [String: JSONValue], _ key: String, path: String? = nil
    ) throws(OpenAIError)
        -> Bool?
    {
        switch object[key] {
        case nil, .null?: return nil
        case let .bool(flag)?: return flag
        case let other?: throw OpenAIError.invalid(path ?? key, value: shown(other), rule: "must be true or false")
        }
    }

    static func shown(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        return (try? JSONCoding.encode(value)) ?? "\(value)"
    }
}
