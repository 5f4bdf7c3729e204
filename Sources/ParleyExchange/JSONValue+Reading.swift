import ParleyCore

/// Readers of untrusted export JSON: each answers nil for a value of another type instead of failing.
extension JSONValue {
    /// An integer or a double, as a double.
    var numberValue: Double? {
        switch self {
        case let .integer(value): Double(value)
        case let .double(value): value
        default: nil
        }
    }

    /// An integer, or a double with no fraction, that fits in `Int`.
    var intValue: Int? {
        switch self {
        case let .integer(value): Int(exactly: value)
        case let .double(value): value.rounded() == value && abs(value) < 1e15 ? Int(value) : nil
        default: nil
        }
    }

    var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    var isNull: Bool { self == .null }

    /// A string that is not empty.
    var nonEmptyString: String? {
        guard case let .string(value) = self, !value.isEmpty else { return nil }
        return value
    }
}
