import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// No descriptor is closed twice, watched from outside with `strace`: a second `close` of a number returns
/// EBADF when nothing reused it, and closes somebody else's file (SQLite's database, an epoll instance) when
/// something did. Each path here once closed a descriptor in a throwing init and again in `deinit`.
@Suite struct DescriptorOwnershipTests {
    static let strace = "/usr/bin/strace"

    /// Every `close` the traced processes made, one line each, and the ones that failed with EBADF.
    struct CloseTrace {
        let path: String

        var closes: [String] {
            ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
                .filter { $0.contains("close(") }
        }

        var doubleCloses: [String] { closes.filter { $0.contains("EBADF") } }
    }

    /// The `strace` launcher that records every `close` of the process and its threads into `trace`.
    static func tracing(into trace: CloseTrace) throws -> [String] {
        try #require(
            FileManager.default.isExecutableFile(atPath: strace),
            "these tests need strace (apt-get install strace; make test installs it)")
        return [strace, "-f", "-qq", "-e", "trace=close", "-o", trace.path]
    }

    @Test func aDaemonStartingOverAStaleSocketClosesNothingTwice() throws {
        let crashed = try DaemonHarness().start()
        crashed.crash()
        #expect(FileManager.default.fileExists(atPath: crashed.socketPath))
        let trace = CloseTrace(path: crashed.folder + "/close.trace")
        let daemon = DaemonHarness(folder: crashed.folder, socketPath: crashed.socketPath)
        try daemon.start(launcher: try Self.tracing(into: trace), launcherStays: true)
        #expect(try daemon.client().call("system.ping")["pong"] == true)
        #expect(daemon.stop() == 0)
        #expect(trace.closes.count > 10, "strace recorded the daemon's closes")
        #expect(trace.doubleCloses == [])
    }

    @Test func aSecondDaemonRefusedByTheLockClosesNothingTwice() throws {
        let first = try DaemonHarness().start()
        let trace = CloseTrace(path: first.folder + "/close.trace")
        let second = DaemonHarness(folder: first.folder, socketPath: first.folder + "/other/parley.sock")
        #expect(throws: DaemonHarness.HarnessError.self) {
            try second.start(launcher: try Self.tracing(into: trace), launcherStays: true)
        }
        #expect(second.log().contains("already serving the data folder"))
        #expect(trace.closes.count > 0, "strace recorded the refused daemon's closes")
        #expect(trace.doubleCloses == [])
    }

    @Test func aClientFindingNoDaemonClosesNothingTwice() throws {
        let folder = TemporaryFolder()
        let trace = CloseTrace(path: folder.path + "/close.trace")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.strace)
        process.arguments =
            Array(try Self.tracing(into: trace).dropFirst()) + [
                DaemonHarness.executable.path, "status", "--socket", folder.path + "/missing.sock",
            ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ProcessLaunch.serialized { try process.run() }
        process.waitUntilExit()
        #expect(process.terminationStatus != 0, "status without a daemon fails")
        #expect(trace.closes.count > 0)
        #expect(trace.doubleCloses == [])
    }
}
