import Foundation

/// Serialises child-process launches across every test in the process.
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
}
