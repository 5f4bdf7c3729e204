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
    /// Holding it open holds the lock; the lock ends when the last owner of this value lets it go.
    private let file: FileDescriptor

    /// Takes the lock or says which daemon holds it.
    public init(dataFolder: String) throws(DaemonError) {
        let path = dataFolder + "/daemon.lock"
        self.path = path
        // Stored only once locked: a refusal closes the local once, and the lock's deinit never sees it.
        guard let opened = FileDescriptor(adopting: open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)) else {
            throw .cannotStart("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(opened.rawValue, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            let who = holder.map { $0.isEmpty ? "" : " (pid \($0))" } ?? ""
            throw .cannotStart(
                "another parley daemon\(who) is already serving the data folder \(dataFolder); stop it first, "
                    + "or give this one its own PARLEY_HOME")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(opened.rawValue, 0)
        _ = pid.withCString { pwrite(opened.rawValue, $0, strlen($0), 0) }
        file = opened
    }
}
