import StreamBenchSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams completions through `parley daemon` on one Unix-socket connection: for each stream a new
/// conversation and its user message (untimed), then `chat.complete`, timed from writing its line to the
/// `chat.delta` notifications and the reply that ends them.
///
/// A fresh conversation per stream keeps every request the same size; appending to one conversation would send
/// the server every earlier answer again.
final class DaemonStreamer: Streamer {
    private let descriptor: Int32
    private let lines: LineReader
    /// Names this connection's `request_id`s, which must be unique among running completions.
    private let name: String
    private var nextID = 1

    /// - Parameter timeoutSeconds: how long a read may wait before the daemon counts as stuck.
    init(socketPath: String, name: String, timeoutSeconds: Int = 60) throws(StreamFailure) {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StreamFailure(description: "socket(): \(String(cString: strerror(errno)))") }
        lines = LineReader(descriptor: descriptor)
        self.name = name
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        let fits = withUnsafeMutableBytes(of: &address.sun_path) { raw -> Bool in
            guard path.count < raw.count else { return false }
            raw.copyBytes(from: path)
            raw[path.count] = 0
            return true
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected =
            fits
            && withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
                }
            }
        guard connected else {
            let reason = fits ? String(cString: strerror(errno)) : "path too long"
            // Every stored property is set, so deinit runs after this throw and closes the socket, once.
            throw StreamFailure(description: "cannot connect to \(socketPath): \(reason)")
        }
    }

    deinit {
        close(descriptor)
    }

    /// The process id of the daemon at the other end (`SO_PEERCRED`), on Linux; nil elsewhere.
    var peerProcessID: Int32? {
        #if os(Linux)
            /// Linux's `struct ucred`, which glibc declares only under `_GNU_SOURCE`, so Swift cannot see it.
            struct PeerCredentials {
                var pid: Int32 = 0
                var uid: UInt32 = 0
                var gid: UInt32 = 0
            }
            var credentials = PeerCredentials()
            var length = socklen_t(MemoryLayout<PeerCredentials>.size)
            guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
            return credentials.pid
        #else
            return nil
        #endif
    }

    /// Checks that the daemon answers `system.ping`.
    func ping() throws(StreamFailure) {
        _ = try call("system.ping", "{}")
    }

    func stream(_ shape: StreamShape) throws(StreamFailure) -> StreamRecord {
        let created = try call("conversation.create", #"{"title":"parley-stream-bench"}"#)
        guard let conversation = RPCReply.entityID(in: created) else {
            throw StreamFailure(description: "conversation.create returned no id: \(RPCReply.excerpt(created))")
        }
        _ = try call(
            "message.append", #"{"conversation_id":"\#(conversation)","role":"user","content":"\#(shape.prompt)"}"#)
        let id = nextID
        let request = line(
            id: id, method: "chat.complete",
            params: #"{"conversation_id":"\#(conversation)","request_id":"\#(name)-\#(id)"}"#)
        var record = StreamRecord(requested: MonotonicClock.nanoseconds())
        try send(request)
        var outcome: (result: Bool, line: [UInt8])?
        while outcome == nil {
            guard try lines.receive() else { throw StreamFailure(description: "the daemon closed the connection") }
            while lines.nextLine({ line in
                if let result = RPCReply.outcome(answering: id, line) {
                    outcome = (result, Array(line))
                } else if let stamp = DeltaStamp.sendTime(in: line) {
                    record.received(stamp, at: lines.receivedAt)
                }
            }) {}
        }
        record.ended = MonotonicClock.nanoseconds()
        if let outcome, !outcome.result { record.failure = "chat.complete: \(RPCReply.excerpt(outcome.line))" }
        record.requireDeltas(shape.deltas)
        return record
    }

    /// Sends a setup request and returns its result line, skipping any notification before it; an error reply
    /// throws.
    private func call(_ method: String, _ params: String) throws(StreamFailure) -> [UInt8] {
        let id = nextID
        try send(line(id: id, method: method, params: params))
        var reply: (result: Bool, line: [UInt8])?
        while reply == nil {
            let complete = lines.nextLine { line in
                if let result = RPCReply.outcome(answering: id, line) { reply = (result, Array(line)) }
            }
            if !complete {
                guard try lines.receive() else { throw StreamFailure(description: "the daemon closed the connection") }
            }
        }
        guard let reply, reply.result else {
            throw StreamFailure(description: "\(method) failed: \(RPCReply.excerpt(reply?.line ?? []))")
        }
        return reply.line
    }

    /// A request line with the next id.
    private func line(id: Int, method: String, params: String) -> [UInt8] {
        nextID += 1
        return Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#.utf8) + [10]
    }

    private func send(_ bytes: [UInt8]) throws(StreamFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw StreamFailure(description: "write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
