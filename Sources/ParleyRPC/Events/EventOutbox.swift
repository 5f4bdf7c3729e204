import Foundation
import Synchronization

/// The lines waiting to be written to one connection outside of replies: events and notices.
///
/// Offering never blocks: when the connection has `capacity` lines not yet written, an offer is refused and
/// the caller drops the slow subscriber instead of waiting for it. Notices (the drop notice itself) bypass the
/// capacity so the client always learns why its events stopped.
public final class EventOutbox: Sendable {
    /// The lines in order; the connection writes each one and then calls ``markWritten()``.
    public let lines: AsyncStream<Data>
    public let capacity: Int
    private let continuation: AsyncStream<Data>.Continuation
    private let waiting = Mutex(0)

    public init(capacity: Int) {
        self.capacity = capacity
        (lines, continuation) = AsyncStream.makeStream(of: Data.self, bufferingPolicy: .unbounded)
    }

    /// Queues a line unless `capacity` lines are already waiting; returns whether it was queued.
    func offer(_ line: Data) -> Bool {
        let accepted = waiting.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
        if accepted { continuation.yield(line) }
        return accepted
    }

    /// Queues a line whatever the backlog.
    func notify(_ line: Data) {
        waiting.withLock { $0 += 1 }
        continuation.yield(line)
    }

    /// Tells the outbox one line left for the client.
    public func markWritten() {
        waiting.withLock { $0 = max(0, $0 - 1) }
    }

    /// Ends ``lines`` once the queued lines are read.
    public func close() {
        continuation.finish()
    }
}
