#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking Unix-socket connection that writes request bytes and reads reply lines: plain POSIX calls, so
/// the client's cost per request is a `write`, a `read` and a newline scan, and never the daemon's framework.
final class LineConnection {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32
    /// Bytes read and not yet handed out as lines: `buffer[start..<end]`.
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0

    init(path: String) throws(Failure) {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket(): \(Self.lastError())") }
        buffer = [UInt8](repeating: 0, count: 1 << 16)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let fits = withUnsafeMutableBytes(of: &address.sun_path) { raw -> Bool in
            guard bytes.count < raw.count else { return false }
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
            return true
        }
        // Every stored property is set from here on, so deinit runs after a throw and closes the socket, once.
        guard fits else {
            throw Failure(description: "socket path too long: \(path)")
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = Self.lastError()
            throw Failure(description: "cannot connect to \(path): \(reason)")
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

    /// Writes every byte, however many `write` calls it takes.
    func send(_ bytes: [UInt8]) throws(Failure) {
        var failure: Failure?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(description: "write: \(Self.lastError())")
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// Blocks until at least one more byte arrives. Call ``nextLine(_:)`` until it returns false afterwards.
    func receive() throws(Failure) {
        if start == end {
            start = 0
            end = 0
        } else if end == buffer.count {
            if start > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
                }
                end -= start
                start = 0
            } else {
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                read(descriptor, raw.baseAddress! + end, raw.count - end)
            }
            if count > 0 {
                end += count
                return
            }
            if count < 0, errno == EINTR { continue }
            throw Failure(description: count == 0 ? "the daemon closed the connection" : "read: \(Self.lastError())")
        }
    }

    /// Hands the next complete line (without its newline) to `body`; false when no whole line is buffered.
    func nextLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        buffer.withUnsafeBufferPointer { all in
            let base = all.baseAddress! + start
            guard let found = memchr(base, Int32(UInt8(ascii: "\n")), end - start) else { return false }
            let length = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            body(UnsafeBufferPointer(start: base, count: length))
            start += length + 1
            return true
        }
    }

    /// Sends one request line and waits for its reply: for setup, not for the timed load.
    func call(_ request: [UInt8]) throws(Failure) -> [UInt8] {
        try send(request)
        var reply: [UInt8]?
        while reply == nil {
            if !nextLine({ reply = Array($0) }) { try receive() }
        }
        return reply!
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
