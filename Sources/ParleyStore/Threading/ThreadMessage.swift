import ParleyCore

/// One message of a stateless chat request (the history a frontend sends again with every turn), as the
/// threader compares it with stored messages and stores it when it is new.
public struct ThreadMessage: Sendable, Equatable {
    public var role: MessageRole
    public var content: MessageContent
    public var name: String?
    public var toolCalls: JSONValue?
    public var toolCallID: String?
    public var reasoningContent: String?

    public init(
        role: MessageRole, content: MessageContent, name: String? = nil, toolCalls: JSONValue? = nil,
        toolCallID: String? = nil, reasoningContent: String? = nil
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.reasoningContent = reasoningContent
    }

    /// Whether `stored` is this message: the same role, text (ignoring the spaces and line ends frontends trim
    /// or add around it), tool calls and tool-call id. Thinking and names are not compared: frontends drop them.
    func matches(_ stored: Message) -> Bool {
        guard stored.role == role, (stored.toolCallID ?? "") == (toolCallID ?? "") else { return false }
        guard Self.calls(stored.toolCalls) == Self.calls(toolCalls) else { return false }
        switch (stored.content, content) {
        case let (.parts(a), .parts(b)): return a == b
        default: return Self.trimmed(stored.content.searchableText) == Self.trimmed(content.searchableText)
        }
    }

    /// The text the index is keyed by, as the store keeps it.
    var indexedText: String { content.searchableText }

    /// A tool call as compared: its id, function name and arguments; the rest is how a frontend spells it.
    private struct Call: Equatable {
        var id: String?
        var name: String?
        var arguments: String?
    }

    private static func calls(_ value: JSONValue?) -> [Call] {
        guard case let .array(list)? = value else { return [] }
        return list.map { call in
            Call(
                id: call["id"]?.stringValue, name: call["function"]?["name"]?.stringValue,
                arguments: call["function"]?["arguments"]?.stringValue)
        }
    }

    /// The text without the spaces, tabs and line ends around it: the characters the index trims too.
    private static func trimmed(_ text: String) -> Substring {
        let space: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r"]
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !space.contains($0) }),
            let last = scalars.lastIndex(where: { !space.contains($0) })
        else { return "" }
        return Substring(scalars[first...last])
    }
}
