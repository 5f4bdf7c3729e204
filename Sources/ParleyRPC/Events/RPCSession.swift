import Foundation

/// One client connection as the RPC layer sees it: where its events go, and its subscriptions.
public final class RPCSession: Sendable {
    /// A number for logs, unique within one daemon run.
    public let number: Int
    public let outbox: EventOutbox
    /// Where ``notify(_:)`` writes: straight to the connection, since a caller's own notifications (streamed
    /// deltas) must reach it before the reply that ends them, which the outbox, written by another task, cannot
    /// promise. Fixed at creation: a closure kept in a lock is re-wrapped in reabstraction thunks on every read
    /// through `withLock`'s `inout`, so each call would cost more than the one before.
    private let writer: (@Sendable (Data) async -> Void)?

    public init(number: Int, outboxCapacity: Int, writer: (@Sendable (Data) async -> Void)? = nil) {
        self.number = number
        self.outbox = EventOutbox(capacity: outboxCapacity)
        self.writer = writer
    }

    /// Sends a notification line to this client, waiting while the connection is full; through the outbox when
    /// the session has no writer.
    func notify(_ line: Data) async {
        if let writer {
            await writer(line)
        } else {
            outbox.notify(line)
        }
    }
}
