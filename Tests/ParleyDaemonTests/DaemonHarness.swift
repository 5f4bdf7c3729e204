import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A real `parley daemon` process on a temporary socket and data folder, for integration tests.
///
/// The daemon is the binary built beside the test bundle, started as a user would start it. `stop()` sends
/// SIGTERM, `crash()` SIGKILL; whatever the test does, the process is killed and the folder removed at the end.
final class DaemonHarness: @unchecked Sendable {
    let folder: String
    let dataFolder: String
    let socketPath: String
    let arguments: [String]
    private(set) var process: Process?
    /// The daemon's own pid, as it reports it: the launched process's, or its child's under a launcher that
    /// stays (`strace`), which is the process to signal.
    private(set) var daemonPID: pid_t?
    /// The daemon's stderr goes to a file: a pipe nobody drains would fill and block the daemon's logging.
    var logPath: String { folder + "/daemon.log" }

    /// The `parley` executable built beside this test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parley")
    }

    /// Variables added to the daemon's environment (the fake API's URL and key).
    let extraEnvironment: [String: String]

    init(
        arguments: [String] = [], folder: String? = nil, socketPath: String? = nil,
        environment extraEnvironment: [String: String] = [:]
    ) {
        let base = folder ?? NSTemporaryDirectory() + "pd-" + UUID().uuidString.prefix(8).lowercased()
        self.folder = base
        dataFolder = base + "/data"
        self.socketPath = socketPath ?? base + "/run/parley.sock"
        self.arguments = arguments
        self.extraEnvironment = extraEnvironment
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    }

    deinit {
        if let daemonPID, process?.isRunning == true { kill(daemonPID, SIGKILL) }
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process?.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The test's environment with the daemon's paths. The API defaults to a closed local port and no key, so
    /// no test ever reaches the real API, whatever the machine's environment holds.
    var environment: [String: String] {
        ProcessInfo.processInfo.environment.merging(
            [
                "PARLEY_HOME": dataFolder, "PARLEY_SOCKET": socketPath, "PARLEY_LOG_LEVEL": "debug",
                "DEEPSEEK_BASE_URL": "http://127.0.0.1:9", "DEEPSEEK_BETA_URL": "http://127.0.0.1:9/beta",
                "DEEPSEEK_API_KEY": "", "PARLEY_CONFIG": "", "PARLEY_SYNC_INTERVAL": "0",
            ]
        ) { $1 }.merging(extraEnvironment) { $1 }
    }

    /// Starts the daemon and waits until it answers a ping (or, when the test cannot ping it, until its socket
    /// exists).
    ///
    /// A launcher that execs the daemon (`setpriv`) leaves one process; one that stays as its parent (`strace`)
    /// must be named with `launcherStays`, and then the daemon is the launcher's child.
    @discardableResult
    func start(launcher: [String] = [], launcherStays: Bool = false, waitForPing: Bool = true) throws -> DaemonHarness {
        let process = try ProcessLaunch.serialized { try launch(launcher: launcher) }
        self.process = process
        daemonPID = launcherStays ? nil : process.processIdentifier
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if !process.isRunning {
                throw HarnessError.exited(status: process.terminationStatus, log: log())
            }
            if !waitForPing, FileManager.default.fileExists(atPath: socketPath) { return self }
            if waitForPing, let client = try? DaemonClient(socketPath: socketPath, receiveTimeoutSeconds: 5),
                case let .integer(pid)? = (try? client.call("system.info"))?["pid"],
                launcherStays
                    ? Self.parent(of: pid_t(pid)) == process.processIdentifier : pid == daemonPID.map(Int64.init)
            {
                daemonPID = pid_t(pid)
                return self
            }
            usleep(20_000)
        }
        throw HarnessError.notReady(log: log())
    }

    /// The parent pid of `pid`, from /proc (Linux).
    private static func parent(of pid: pid_t) -> pid_t? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("PPid:") })
        else { return nil }
        return pid_t(line.dropFirst("PPid:".count).trimmingCharacters(in: .whitespaces))
    }

    private func launch(launcher: [String]) throws -> Process {
        let process = Process()
        if launcher.isEmpty {
            process.executableURL = Self.executable
            process.arguments = ["daemon"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: launcher[0])
            process.arguments = Array(launcher.dropFirst()) + [Self.executable.path, "daemon"] + arguments
        }
        process.environment = environment
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let logFile = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardError = logFile
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try logFile.close()
        return process
    }

    /// A new connection with a receive timeout, so a silent daemon fails the test instead of hanging it.
    func client(timeout: Int = 15) throws -> DaemonClient {
        try DaemonClient(socketPath: socketPath, receiveTimeoutSeconds: timeout)
    }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        guard let process else { return -1 }
        if process.isRunning { kill(daemonPID ?? process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL: the daemon gets no chance to clean up.
    func crash() {
        guard let process else { return }
        kill(daemonPID ?? process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// What the daemon wrote to stderr so far.
    func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Runs the `parley` command as a client of this daemon.
    func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = environment
        let (output, errors, stdin) = try ProcessLaunch.serialized {
            let pipes = (Pipe(), Pipe(), Pipe())
            process.standardOutput = pipes.0
            process.standardError = pipes.1
            process.standardInput = pipes.2
            try process.run()
            return pipes
        }
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try ProcessLaunch.serialized { try stdin.fileHandleForWriting.close() }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    enum HarnessError: Error, CustomStringConvertible {
        case exited(status: Int32, log: String)
        case notReady(log: String)

        var description: String {
            switch self {
            case let .exited(status, log): "the daemon exited with status \(status):\n\(log)"
            case let .notReady(log): "the daemon did not answer within 20 s:\n\(log)"
            }
        }
    }
}

/// Reading replies in tests.
extension JSONValue {
    var items: [JSONValue] { self["items"]?.arrayValue ?? [] }

    /// Parses one line the daemon sent.
    static func parse(_ line: String?) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data((line ?? "").utf8))
    }
}

/// The daemon's error for a call that must fail, or nil when it succeeded or failed some other way.
func remoteError(_ call: () throws -> JSONValue) -> RemoteError? {
    do {
        _ = try call()
        return nil
    } catch let error as ClientError {
        if case let .rpc(remote) = error { return remote }
        return nil
    } catch {
        return nil
    }
}
