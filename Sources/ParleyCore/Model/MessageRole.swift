/// Who wrote a message, as the chat API names it.
public enum MessageRole: String, Sendable, Codable, CaseIterable {
    case system, user, assistant, tool, developer

    /// Parses a role from outside, naming `field` and the allowed roles when it is unknown.
    public init(validating text: String, field: String = "role") throws(ParleyError) {
        guard let role = MessageRole(rawValue: text) else {
            throw .invalidValue(field: field, value: text, rule: Self.rule)
        }
        self = role
    }

    static let rule = "must be one of " + allCases.map(\.rawValue).joined(separator: ", ")
}
