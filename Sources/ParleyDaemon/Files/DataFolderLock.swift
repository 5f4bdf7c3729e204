import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on the data folder, held for the daemon's lifetime, so two daemons never serve one store.
///
/// `flock` is released by the kernel when the process dies, however it dies, so a crashed daemon never leaves
/// a lock behind.
public final class DataFolderLock: Sendable {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock or says which daemon holds it.
    public init(dataFolder: String) throws(DaemonError) {
        path = dataFolder + "/daemon.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .cannotStart("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            close(descriptor)
            let who = holder.map { $0.isEmpty ? "" : " (pid \($0))" } ?? ""
            throw .cannotStart(
                "another parley daemon\(who) is already serving the data folder \(dataFolder); stop it first, "
                    + "or give this one its own PARLEY_HOME")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        close(descriptor)
    }
}
