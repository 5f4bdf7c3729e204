import Foundation
import Synchronization

/// One client connection as the RPC layer sees it: where its events go, and its subscriptions.
public final class RPCSession: Sendable {
    /// A number for logs, unique within one daemon run.
    public let number: Int
    public let outbox: EventOutbox
    private let writer = Mutex<(@Sendable (Data) async -> Void)?>(nil)

    public init(number: Int, outboxCapacity: Int) {
        self.number = number
        self.outbox = EventOutbox(capacity: outboxCapacity)
    }

    /// Routes ``notify(_:)`` straight to the connection: a caller's own notifications (streamed deltas) must
    /// reach it before the reply that ends them, which the outbox, written by another task, cannot promise.
    public func attachWriter(_ write: @escaping @Sendable (Data) async -> Void) {
        writer.withLock { $0 = write }
    }

    /// Sends a notification line to this client, waiting while the connection is full; through the outbox when
    /// no writer is attached.
    func notify(_ line: Data) async {
        if let write = writer.withLock({ $0 }) {
            await write(line)
        } else {
            outbox.notify(line)
        }
    }
}
