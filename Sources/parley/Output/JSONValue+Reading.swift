import ParleyCore

/// Reading the daemon's replies without ceremony: missing members read as nil.
extension JSONValue {
    var text: String? { stringValue }

    var int: Int? {
        switch self {
        case let .integer(value): Int(value)
        case let .double(value): Int(exactly: value)
        default: nil
        }
    }

    var bool: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    var items: [JSONValue] { self["items"]?.arrayValue ?? [] }
}
