import ParleyTransfer

/// How long a network target waits, and how often it tries again: to connect, between two bytes of an
/// answer (a stalled transfer), and the retries of busy answers and broken connections.
public struct NetworkOptions: Sendable {
    public var connectTimeoutSeconds = 10
    public var idleTimeoutSeconds = 60
    public var retry = RetryPolicy()

    public init() {}
}
