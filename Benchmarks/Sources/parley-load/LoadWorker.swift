import StreamBenchSupport

/// When the measured part of a run starts and ends, in monotonic nanoseconds, the same for every connection.
struct LoadWindow: Sendable {
    var measureFrom: UInt64
    var end: UInt64
}

/// One connection's load, run on its own thread: keeps `depth` requests outstanding, sending a new one for
/// each reply, and records how long each took from its write to its reply line.
///
/// Replies arrive in request order (the daemon answers a connection's requests one after another), so the
/// send times live in a ring indexed by request id and every reply must answer the oldest outstanding id.
/// A blocking thread per connection keeps the client simple; its CPU cost is reported beside the results.
final class LoadWorker: @unchecked Sendable {
    private let connection: LineConnection
    private var writer: RequestWriter
    var peerProcessID: Int32? { connection.peerProcessID }
    private let depth: Int
    /// Latencies in nanoseconds of the requests answered inside the window.
    private(set) var latencies: [UInt64] = []
    private(set) var errors = 0
    private(set) var firstError: String?
    /// Why the connection stopped early (closed, an unreadable reply, a reply out of order), if it did.
    private(set) var failure: String?

    init(connection: LineConnection, writer: RequestWriter, depth: Int) {
        self.connection = connection
        self.writer = writer
        self.depth = depth
    }

    func run(_ window: LoadWindow) {
        do {
            try load(window)
        } catch {
            failure = error.description
        }
    }

    private func load(_ window: LoadWindow) throws(LineConnection.Failure) {
        latencies.reserveCapacity(1 << 16)
        var sentAt = [UInt64](repeating: 0, count: depth)
        var nextID = 1
        var expectedID = 1
        var out: [UInt8] = []
        out.reserveCapacity(depth * 256)

        func send(_ count: Int) throws(LineConnection.Failure) {
            out.removeAll(keepingCapacity: true)
            for id in nextID..<(nextID + count) { writer.write(id: id, to: &out) }
            let now = MonotonicClock.nanoseconds()
            for id in nextID..<(nextID + count) { sentAt[id % depth] = now }
            nextID += count
            try connection.send(out)
        }

        try send(depth)
        while expectedID < nextID {
            try connection.receive()
            let now = MonotonicClock.nanoseconds()
            let measured = now >= window.measureFrom && now < window.end
            var answered = 0
            var unexpected: String?
            while unexpected == nil,
                connection.nextLine({ line in
                    guard let reply = ReplyLine(line), reply.id == expectedID else {
                        unexpected = "expected the reply to request \(expectedID), read: \(Self.excerpt(line))"
                        return
                    }
                    if reply.outcome == .error {
                        errors += 1
                        if firstError == nil { firstError = Self.excerpt(line) }
                    }
                    if measured { latencies.append(now - sentAt[expectedID % depth]) }
                    expectedID += 1
                    answered += 1
                })
            {}
            if let unexpected { throw LineConnection.Failure(description: unexpected) }
            if answered > 0, now < window.end { try send(answered) }
        }
    }

    private static func excerpt(_ line: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: line.prefix(300), as: UTF8.self)
    }
}
