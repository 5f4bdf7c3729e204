import ParleyCore

/// How readers turn an export's text and its other pieces into one content, so every format agrees: plain text
/// stays `.text`, and only a message with something that is not text becomes `.parts`.
extension MessageContent {
    /// `.text(text)` when `pieces` is empty; else the text as the first `text` part (when not empty) and then
    /// the pieces, each already an object with a string `type`.
    static func exported(text: String, pieces: [JSONValue]) -> MessageContent {
        guard !pieces.isEmpty else { return .text(text) }
        return .parts((text.isEmpty ? [] : [textPart(text)]) + pieces)
    }

    /// A `{"type": "text", "text": …}` part.
    static func textPart(_ text: String) -> JSONValue {
        .object(["type": .string("text"), "text": .string(text)])
    }

    /// The source's object with its `type` set to `type` (a namespaced name such as `deepseek.search`), so the
    /// part is valid and keeps every field; a value that is not an object is kept under `value`.
    static func namespacedPart(_ value: JSONValue, type: String) -> JSONValue {
        guard var object = value.objectValue else {
            return .object(["type": .string(type), "value": value])
        }
        object["type"] = .string(type)
        return .object(object)
    }

    /// This content with `pieces` after it: attachments that belong to a message whose text was read first.
    func appending(_ pieces: [JSONValue]) -> MessageContent {
        switch self {
        case let .text(text): .exported(text: text, pieces: pieces)
        case let .parts(parts): .parts(parts + pieces)
        }
    }
}
