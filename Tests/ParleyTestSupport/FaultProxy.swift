import Foundation

/// A fault-injecting TCP proxy (`Tests/Servers/fault_proxy.py`) on 127.0.0.1, on a port the system chose, in front
/// of a real server on `upstreamPort`: it forwards every connection until told to break the next ones (reset them
/// after so many bytes either way, or stall them), or, in HTTP mode, to answer the next requests itself with a
/// status; and it counts what went through. Stopped when the value goes away.
///
/// Each method sends one command and waits for the proxy's answer, so a fault is in place when it returns; faults
/// are used up by the connections (or requests) that arrive after it, in order. A connection libcurl already
/// holds open is not a new one: connection faults strike only connections opened afterwards.
///
/// The proxy needs only Python's standard library: it runs on `PARLEY_TEST_PYTHON`, else the tests' virtual
/// environment (`.venv-test`), else `/usr/bin/python3`, the first that is there.
public final class FaultProxy: @unchecked Sendable {
    /// The port to connect to instead of the server's.
    public let port: Int
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    /// One command and its answer at a time, whichever task asks.
    private let lock = NSLock()

    public typealias Unavailable = WebDAVServer.Unavailable

    /// What the proxy counted since it started or since ``resetStats()``.
    public struct Stats: Decodable, Sendable, Equatable {
        /// Connections accepted.
        public let connections: Int
        /// Request heads read from clients (HTTP mode only), those the proxy answered itself included.
        public let requests: Int
        /// The same by method.
        public let methods: [String: Int]
        /// Bytes read from clients.
        public let bytesUp: Int
        /// Bytes written to clients.
        public let bytesDown: Int
        /// Faults that struck: resets, stalls and requests answered by the proxy.
        public let faults: Int

        enum CodingKeys: String, CodingKey {
            case connections, requests, methods, faults
            case bytesUp = "bytes_up"
            case bytesDown = "bytes_down"
        }
    }

    /// The proxy refused a command, or did not answer it.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository's root, found from this file's place in it.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Starts a proxy to 127.0.0.1:`upstreamPort`; with `http`, it follows the HTTP requests (for counting them
    /// and for ``injectStatus(_:retryAfter:count:method:)``), otherwise it passes bytes on whatever they are.
    public init(upstreamPort: Int, http: Bool) throws {
        let candidates = [
            ProcessInfo.processInfo.environment["PARLEY_TEST_PYTHON"],
            Self.repository.appendingPathComponent(".venv-test/bin/python3").path,
            "/usr/bin/python3",
        ].compactMap { $0 }
        guard let python = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Unavailable(
                description: "the fault proxy needs Python 3 (tried \(candidates.joined(separator: ", "))): "
                    + "run `make test-deps` (it makes .venv-test) or set PARLEY_TEST_PYTHON")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [Self.repository.appendingPathComponent("Tests/Servers/fault_proxy.py").path, String(upstreamPort)]
            + (http ? ["--http"] : [])
        let (input, output) = try ProcessLaunch.launch(process)
        self.process = process
        self.input = input
        self.output = output
        // The first line is `PORT <n>`; anything else means the proxy could not start.
        let text = Self.readLine(from: output) ?? ""
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            ProcessLaunch.stop(process)
            throw Unavailable(description: "the fault proxy did not start (it said \(text.debugDescription))")
        }
        self.port = port
    }

    deinit {
        try? ProcessLaunch.serialized { try input.close() }
        ProcessLaunch.stop(process)
    }

    /// The URL of `path` through the proxy.
    public func url(_ path: String = "/sync") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    // MARK: - Commands

    /// Forgets every fault not yet used up: everything is forwarded again.
    public func pass() throws {
        try send("pass")
    }

    /// Resets each of the next `count` connections (the client sees ECONNRESET) once `bytes` bytes have gone from
    /// the server to the client; with 0, as soon as the client sends anything.
    public func resetAfter(bytes: Int, count: Int = 1) throws {
        try send("reset-after \(bytes) count \(count)")
    }

    /// The same, counting the bytes passed from the client to the server.
    public func resetUploadAfter(bytes: Int, count: Int = 1) throws {
        try send("reset-upload-after \(bytes) count \(count)")
    }

    /// Each of the next `count` connections passes `afterBytes` bytes from the server to the client, then is held
    /// silently (nothing read from either side) for `seconds` or until the client hangs up, then closed. With
    /// `afterBytes` 0 the stall starts when the server first sends something.
    public func stall(seconds: Double, afterBytes: Int = 0, count: Int = 1) throws {
        try send("stall \(seconds) after \(afterBytes) count \(count)")
    }

    /// HTTP mode only: the next `count` requests (of `method` only, if given) are answered by the proxy itself
    /// with `code`, `Retry-After: retryAfter` if given, an empty body and `Connection: close`, without reaching
    /// the server.
    public func injectStatus(_ code: Int, retryAfter: Int? = nil, count: Int = 1, method: String? = nil) throws {
        var command = "status \(code) count \(count)"
        if let retryAfter { command += " retry-after \(retryAfter)" }
        if let method { command += " match \(method)" }
        try send(command)
    }

    /// Resets every connection open now, as a network outage breaks them: a client's pooled connections die,
    /// so its next request connects anew (and meets the faults queued for new connections).
    public func dropConnections() throws {
        try send("drop")
    }

    /// What the proxy has counted.
    public func stats() throws -> Stats {
        let json = try send("stats")
        do {
            return try JSONDecoder().decode(Stats.self, from: Data(json.utf8))
        } catch {
            throw Failure(description: "the fault proxy's stats did not decode (\(error)): \(json)")
        }
    }

    /// Zeroes the counters.
    public func resetStats() throws {
        try send("reset-stats")
    }

    /// Sends `command` and waits for its answer: what follows `ok `, or "" for a bare `ok`; throws for `error …`.
    @discardableResult
    private func send(_ command: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        // Writing to a proxy that is gone would raise SIGPIPE in the tests' process.
        guard process.isRunning else {
            throw Failure(description: "the fault proxy has exited, so it cannot take `\(command)`")
        }
        try input.write(contentsOf: Data((command + "\n").utf8))
        guard let answer = Self.readLine(from: output) else {
            throw Failure(description: "the fault proxy ended without answering `\(command)`")
        }
        if answer == "ok" { return "" }
        if answer.hasPrefix("ok ") { return String(answer.dropFirst(3)) }
        throw Failure(description: "the fault proxy refused `\(command)`: \(answer)")
    }

    /// One line from `handle`, without its newline, read a byte at a time so that nothing after it is taken;
    /// nil at end of file before a newline.
    private static func readLine(from handle: FileHandle) -> String? {
        var line = Data()
        while true {
            guard let chunk = try? handle.read(upToCount: 1), let byte = chunk.first else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
    }
}
