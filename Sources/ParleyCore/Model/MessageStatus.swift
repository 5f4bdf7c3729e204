/// Whether a message's text is final.
public enum MessageStatus: String, Sendable, Codable, CaseIterable {
    /// Written in full: every user message, and an answer that the API finished.
    case complete
    /// An answer still arriving from the API.
    case streaming
    /// An answer that was cut off; its text so far is kept, and a prefix draft can resume it.
    case interrupted
    /// An answer that failed before any text arrived.
    case error

    public init(validating text: String, field: String = "status") throws(ParleyError) {
        guard let status = MessageStatus(rawValue: text) else {
            throw .invalidValue(
                field: field, value: text,
                rule: "must be one of " + Self.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = status
    }
}
