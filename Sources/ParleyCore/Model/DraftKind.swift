/// What a draft is for.
public enum DraftKind: String, Sendable, Codable, CaseIterable {
    /// Assistant text (and optional reasoning) that the model should continue with `prefix: true`.
    case prefix
    /// An unsent user message being composed.
    case composer

    public init(validating text: String, field: String = "kind") throws(ParleyError) {
        guard let kind = DraftKind(rawValue: text) else {
            throw .invalidValue(field: field, value: text, rule: "must be one of prefix, composer")
        }
        self = kind
    }
}
