import Synchronization

/// Counts what a target's transfers cost: requests made (retries included), retries, and bytes each way, so
/// a sync run can say what it moved and a benchmark can count requests.
public final class TransferMeter: Sendable {
    public struct Reading: Sendable, Equatable {
        public var requests = 0
        public var retries = 0
        public var bytesSent = 0
        public var bytesReceived = 0

        public init() {}

        /// What was counted since `earlier`.
        public func since(_ earlier: Reading) -> Reading {
            var delta = Reading()
            delta.requests = requests - earlier.requests
            delta.retries = retries - earlier.retries
            delta.bytesSent = bytesSent - earlier.bytesSent
            delta.bytesReceived = bytesReceived - earlier.bytesReceived
            return delta
        }
    }

    private let counts = Mutex(Reading())

    public init() {}

    public var reading: Reading { counts.withLock { $0 } }

    func countRequest(sent: Int, isRetry: Bool) {
        counts.withLock { counts in
            counts.requests += 1
            counts.bytesSent += sent
            if isRetry { counts.retries += 1 }
        }
    }

    func countReceived(_ bytes: Int) {
        counts.withLock { $0.bytesReceived += bytes }
    }
}
