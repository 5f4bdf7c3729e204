/// Why the daemon could not start, in words the user can act on.
public enum DaemonError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotStart(String)

    public var description: String {
        switch self {
        case let .cannotStart(reason): reason
        }
    }
}
