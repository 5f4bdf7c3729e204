import ParleyCore

/// Reading ids out of export JSON, and showing a damaged value in an ``ImportItemFailure`` reason.
extension JSONValue {
    /// An id as exports write them: a non-empty string, or an integer (DeepSeek's web API numbers its
    /// messages) written in decimal.
    var sourceIDText: String? {
        switch self {
        case let .string(text): text.isEmpty ? nil : text
        case let .integer(number): String(number)
        case .double: intValue.map { String($0) }
        default: nil
        }
    }

    /// The value as compact JSON, cut to 60 characters, for a failure's reason.
    var excerpt: String {
        let text = sortedJSONText
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}

extension Optional where Wrapped == JSONValue {
    /// ``JSONValue/excerpt``, or `missing` when there is no value at all.
    var excerpt: String { self?.excerpt ?? "missing" }
}
