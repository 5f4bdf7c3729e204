import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serialises child-process launches across every test in the process, and stops children without waiting
/// forever.
///
/// Foundation's `Process` on Linux can fail with EBADF (or hand a child the wrong descriptor) when one thread
/// spawns while another creates or closes pipes for its own child; tests run in parallel, so every launch and
/// the pipes set up for it happen under this one lock.
public enum ProcessLaunch {
    private static let lock = NSLock()

    public static func serialized<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Pipes for a child's standard input and output, made under the lock (a child launched meanwhile by another
    /// test would inherit them) with the ends this process keeps marked close-on-exec, so no child launched
    /// later holds them either. A helper that stops when its standard input closes then really sees it close:
    /// a server launched after it once held its input open, and it ran until the test process was killed.
    public static func launch(_ process: Process) throws -> (input: FileHandle, output: FileHandle) {
        try serialized {
            let input = Pipe()
            let output = Pipe()
            for kept in [input.fileHandleForWriting, output.fileHandleForReading] {
                _ = fcntl(kept.fileDescriptor, F_SETFD, FD_CLOEXEC)
            }
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (input.fileHandleForWriting, output.fileHandleForReading)
        }
    }

    /// SIGTERM, up to `seconds` for the child to end, then SIGKILL and as long again. Never `waitUntilExit()`:
    /// when Foundation misses a child's end that spins at full speed forever, and a test run hung for two hours
    /// in a fault proxy's deinit that way.
    public static func stop(_ process: Process, within seconds: TimeInterval = 10) {
        guard process.isRunning else { return }
        process.terminate()
        if waitForExit(process, seconds) { return }
        kill(process.processIdentifier, SIGKILL)
        _ = waitForExit(process, seconds)
    }

    private static func waitForExit(_ process: Process, _ seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }
}
