/// The API's `response_format`: plain text, or a JSON object.
public struct ResponseFormat: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case text
        case jsonObject = "json_object"
    }

    public var type: String

    public init(type: Kind) {
        self.type = type.rawValue
    }

    /// Kept as text so an unknown type can be reported by validation with its value, not as a decoding error.
    public init(rawType: String) {
        type = rawType
    }
}
