import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking JSON-RPC client of the daemon over its Unix socket, for the CLI and for tests.
///
/// One request at a time on the calling thread: a command-line tool has nothing else to do while it waits,
/// and blocking calls keep it free of an event loop. Notifications that arrive while waiting for a reply are
/// kept for ``nextNotification()``. Not thread-safe: use one client per thread.
public final class DaemonClient {
    public let socketPath: String
    private let connection: FileDescriptor
    private var descriptor: Int32 { connection.rawValue }
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var nextID: Int64 = 1
    private var pendingNotifications: [JSONValue] = []

    /// Connects, or throws ``ClientError/noDaemon(socketPath:reason:)`` saying how to start one.
    ///
    /// With `receiveTimeoutSeconds`, a read that waits longer fails with ``ClientError/timedOut`` instead of
    /// blocking forever (tests use it so a silent daemon fails the test rather than hanging it).
    public init(socketPath: String, receiveTimeoutSeconds: Int? = nil) throws(ClientError) {
        self.socketPath = socketPath
        guard socketPath.utf8.count < 104 else {
            throw .noDaemon(socketPath: socketPath, reason: "the path is longer than a Unix socket allows")
        }
        #if os(Linux)
            let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let socketType = SOCK_STREAM
        #endif
        // Owned by a local until it is connected: a throw below closes it once, and only a connected socket
        // becomes the client's, whose deinit closes it.
        guard let opened = FileDescriptor(adopting: socket(AF_UNIX, socketType, 0)) else {
            throw .noDaemon(socketPath: socketPath, reason: String(cString: strerror(errno)))
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: socketPath.utf8.prefix($0.count - 1)) }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(opened.rawValue, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            throw .noDaemon(socketPath: socketPath, reason: String(cString: strerror(errno)))
        }
        if let receiveTimeoutSeconds {
            var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
            setsockopt(opened.rawValue, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        connection = opened
    }

    /// Calls `method` and returns its result, or throws the daemon's error as ``ClientError/rpc(_:)``.
    ///
    /// Notifications that arrive before the reply go to `onNotification` as they come (the deltas of a streamed
    /// `chat.complete`), or are kept for ``nextNotification()`` without one.
    public func call(
        _ method: String, _ params: [String: JSONValue] = [:], onNotification: ((JSONValue) -> Void)? = nil
    ) throws(ClientError) -> JSONValue {
        let id = nextID
        nextID += 1
        let request: JSONValue = [
            "jsonrpc": "2.0", "id": .integer(id), "method": .string(method), "params": .object(params),
        ]
        do {
            try sendValue(request)
        } catch {
            // A daemon that refuses a connection says why and closes it; that reason beats a broken pipe.
            if let reason = try? receive(), reason["id"] == .null, let refusal = reason["error"] {
                throw .rpc(RemoteError(refusal))
            }
            throw error
        }
        while true {
            let message = try receive()
            guard let object = message.objectValue else {
                throw .protocolViolation("the daemon sent a value that is not an object")
            }
            guard object["id"] != nil else {
                if let onNotification { onNotification(message) } else { pendingNotifications.append(message) }
                continue
            }
            if object["id"] == .null, let error = object["error"] { throw .rpc(RemoteError(error)) }
            guard object["id"] == .integer(id) else {
                throw .protocolViolation("a reply to request \(object["id"].map { "\($0)" } ?? "?") came for \(id)")
            }
            if let error = object["error"] { throw .rpc(RemoteError(error)) }
            return object["result"] ?? .null
        }
    }

    /// Sends a notification (no reply expected).
    public func notify(_ method: String, _ params: [String: JSONValue] = [:]) throws(ClientError) {
        try sendValue(["jsonrpc": "2.0", "method": .string(method), "params": .object(params)])
    }

    /// The next notification, waiting for one if none is queued; nil when the daemon closed the connection.
    public func nextNotification() throws(ClientError) -> JSONValue? {
        if !pendingNotifications.isEmpty { return pendingNotifications.removeFirst() }
        do {
            return try receive()
        } catch .connectionClosed {
            return nil
        }
    }

    // MARK: - Raw lines

    /// Writes `text` exactly as given (tests use this to send malformed input).
    public func sendRaw(_ text: String) throws(ClientError) {
        try write(Array(text.utf8))
    }

    public func sendRaw(bytes: [UInt8]) throws(ClientError) {
        try write(bytes)
    }

    /// The next line the daemon sends, without its newline; nil once the connection is closed.
    public func readLine() throws(ClientError) -> String? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                scanned = 0
                return line
            }
            scanned = buffer.count
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET { return nil }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw .timedOut }
                throw .connectionFailed(String(cString: strerror(errno)))
            }
            if count == 0 { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// Closes the sending side, so the daemon sees the end of input while replies can still arrive.
    public func finishSending() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    // MARK: - Plumbing

    private func sendValue(_ value: JSONValue) throws(ClientError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard var bytes = try? [UInt8](encoder.encode(value)) else {
            throw .protocolViolation("the request could not be encoded")
        }
        bytes.append(UInt8(ascii: "\n"))
        try write(bytes)
    }

    private func receive() throws(ClientError) -> JSONValue {
        guard let line = try readLine() else { throw .connectionClosed }
        do {
            return try JSONParser.parse(line.utf8)
        } catch {
            throw .protocolViolation("the daemon sent a line that is not JSON: \(line.prefix(200))")
        }
    }

    private func write(_ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Self.sendFlags)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .connectionFailed(String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    #if os(Linux)
        private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
        private static let sendFlags: Int32 = 0
    #endif
}
