/// One client connection as the RPC layer sees it: where its events go, and its subscriptions.
public final class RPCSession: Sendable {
    /// A number for logs, unique within one daemon run.
    public let number: Int
    public let outbox: EventOutbox

    public init(number: Int, outboxCapacity: Int) {
        self.number = number
        self.outbox = EventOutbox(capacity: outboxCapacity)
    }
}
