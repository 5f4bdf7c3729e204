/// The limits and facts the RPC layer needs; the daemon fills it from its own configuration.
public struct RPCConfiguration: Sendable {
    /// Subscriptions one connection may hold at once.
    public var maximumSubscriptionsPerConnection = 32
    /// Events waiting for a slow subscriber before it is dropped.
    public var subscriberBufferEvents = 10_000
    /// Requests in one batch.
    public var maximumBatchSize = 1_000
    /// The socket clients reach the daemon on, reported by `system.info`.
    public var socketPath: String?

    public init() {}
}
