import Foundation
import ParleyCore

/// A chat request built from a conversation's branch: the messages as the API expects them, the model, the
/// settings, and the assistant text to continue when it is a prefix continuation.
///
/// Everything the API would refuse and Parley can see is refused here, before a byte is sent.
public struct ChatRequest: Sendable {
    /// Assistant text for the model to continue (`prefix: true`), and the thinking that led to it.
    public struct Prefix: Sendable, Equatable {
        public var content: String
        public var reasoningContent: String?

        public init(content: String, reasoningContent: String? = nil) {
            self.content = content
            self.reasoningContent = reasoningContent
        }
    }

    public let model: String
    public let history: [Message]
    public let settings: GenerationSettings
    public let prefix: Prefix?

    /// Checks the request; `leafField` names the parameter that chose the branch, for the error.
    public init(
        model: String, history: [Message], settings: GenerationSettings, prefix: Prefix?, leafField: String = "leaf_id"
    ) throws(ParleyError) {
        try settings.validate(field: "settings")
        if let last = history.last {
            if prefix == nil, last.role == .assistant {
                throw .invalidValue(
                    field: leafField, value: last.id.rawValue,
                    rule:
                        "is an assistant message, so there is nothing to answer: append a user message first, or "
                        + "continue a prefix draft with draft_id")
            }
        } else if prefix == nil {
            throw .invalidValue(field: leafField, value: "", rule: "ends an empty branch: there is nothing to answer")
        }
        self.model = model
        self.history = history
        self.settings = settings
        self.prefix = prefix
    }

    /// Prefix continuation is a beta feature of the API.
    public var endpoint: DeepSeekClient.Endpoint { prefix == nil ? .chat : .chatBeta }

    /// The request body. A streamed request asks for usage on its last chunk.
    public func body(stream: Bool) throws(ParleyError) -> JSONValue {
        var body = try Self.settingsObject(settings)
        body["model"] = .string(model)
        var messages = history.map(Self.apiMessage)
        if let prefix {
            var message: [String: JSONValue] = [
                "role": "assistant", "content": .string(prefix.content), "prefix": true,
            ]
            if let reasoning = prefix.reasoningContent, !reasoning.isEmpty {
                message["reasoning_content"] = .string(reasoning)
            }
            messages.append(.object(message))
        }
        body["messages"] = .array(messages)
        return .object(StreamedBody.setting(stream: stream, in: body))
    }

    /// One stored message as the API takes it back. Tool results keep their `tool_call_id`; an assistant turn
    /// that called tools keeps its `reasoning_content`, which the API requires on the request after it, and
    /// other turns leave their thinking out, as the API asks.
    static func apiMessage(_ message: Message) -> JSONValue {
        var object: [String: JSONValue] = ["role": .string(message.role.rawValue)]
        switch message.content {
        case let .text(text): object["content"] = .string(text)
        case let .parts(parts): object["content"] = .array(parts)
        }
        if let name = message.name { object["name"] = .string(name) }
        if let toolCallID = message.toolCallID, message.role == .tool {
            object["tool_call_id"] = .string(toolCallID)
        }
        if message.role == .assistant, let calls = message.toolCalls, calls != .null, calls != .array([]) {
            object["tool_calls"] = calls
            if let reasoning = message.reasoningContent { object["reasoning_content"] = .string(reasoning) }
        }
        return .object(object)
    }

    /// The settings as the API's fields (`thinking` as `{"type": …}`), absent fields left out.
    static func settingsObject(_ settings: GenerationSettings) throws(ParleyError) -> [String: JSONValue] {
        do {
            return try JSONParser.parse(try JSONEncoder().encode(settings)).objectValue ?? [:]
        } catch {
            throw .invalidValue(field: "settings", value: "\(settings)", rule: "must be encodable as JSON: \(error)")
        }
    }
}
