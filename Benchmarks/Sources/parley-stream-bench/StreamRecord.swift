/// What one stream delivered, on either path, in monotonic nanoseconds.
struct StreamRecord {
    /// When the request left: the `chat.complete` line written to the daemon, or `curl` about to be spawned.
    var requested: UInt64
    /// When each delta's line was read, in order.
    var receipts: [UInt64] = []
    /// The server's send time carried by each delta, in the same order.
    var stamps: [UInt64] = []
    /// When the stream ended: the daemon's reply read, or `curl` reaped.
    var ended: UInt64 = 0
    /// `curl`'s own `time_starttransfer`, from its start of the transfer to the first response byte (direct only).
    var startTransfer: UInt64?
    /// Nil when the stream completed with every delta it asked for.
    var failure: String?

    init(requested: UInt64) {
        self.requested = requested
    }

    mutating func received(_ stamp: UInt64, at receipt: UInt64) {
        receipts.append(receipt)
        stamps.append(stamp)
    }

    /// From the request to the first delta read.
    var firstDelta: UInt64? { receipts.first.map { $0 - requested } }

    /// From the request to the server sending the first delta: what the relay did before reaching the server.
    var untilFirstSent: UInt64? { stamps.first.map { $0 > requested ? $0 - requested : 0 } }

    /// Each delta's relay latency: its receipt less its send time.
    var latencies: [UInt64] { zip(receipts, stamps).map { $0 > $1 ? $0 - $1 : 0 } }

    /// Marks the stream failed unless it delivered `expected` deltas.
    mutating func requireDeltas(_ expected: Int) {
        if failure == nil, receipts.count != expected {
            failure = "\(receipts.count) of \(expected) deltas arrived"
        }
    }
}
