/// Why one conversation of an export cannot be imported: it is skipped with this reason and the rest go on.
public struct ImportItemFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
