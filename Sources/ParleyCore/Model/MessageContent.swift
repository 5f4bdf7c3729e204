/// A message's content as the chat API carries it: a plain string, or an array of typed parts.
///
/// Parts are kept exactly as given (any fields, any part types) so nothing a frontend sent is lost; only the
/// text of `text` parts is indexed for search.
public enum MessageContent: Sendable, Hashable, Codable {
    case text(String)
    case parts([JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(text): try container.encode(text)
        case let .parts(parts): try container.encode(parts)
        }
    }

    /// What search indexes and snippets show: the string, or the text parts joined by newlines.
    public var searchableText: String {
        switch self {
        case let .text(text):
            text
        case let .parts(parts):
            parts.compactMap { $0.objectValue?["text"]?.stringValue }.joined(separator: "\n")
        }
    }

    /// Checks that every part is an object with a string `type`, as the API requires.
    public func validate(field: String = "content") throws(ParleyError) {
        guard case let .parts(parts) = self else { return }
        guard !parts.isEmpty else {
            throw .invalidValue(field: field, value: "[]", rule: "must be a string or a non-empty array of parts")
        }
        for (index, part) in parts.enumerated() {
            guard let object = part.objectValue, object["type"]?.stringValue != nil else {
                let text = (try? JSONCoding.encode(part)) ?? "\(part)"
                throw .invalidValue(
                    field: "\(field)[\(index)]", value: text, rule: "must be an object with a string \"type\"")
            }
        }
    }
}
