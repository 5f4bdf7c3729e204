import Foundation
import ParleyClient

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prepares the socket's place: a private folder, and no live daemon or foreign file already there.
enum SocketFile {
    /// Creates the socket's folder `0700` if needed, refuses a folder others can enter, and removes a stale
    /// socket left by a daemon that crashed (one that nothing answers on).
    static func prepare(path: String) throws(DaemonError) {
        guard path.utf8.count < 104 else {
            throw .cannotStart("the socket path \(path) is \(path.utf8.count) bytes; Unix sockets allow at most 103")
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotStart("cannot create the socket folder \(folder): \(error.localizedDescription)")
            }
        }
        var folderStatus = stat()
        guard stat(folder, &folderStatus) == 0 else {
            throw .cannotStart("cannot read the socket folder \(folder): \(String(cString: strerror(errno)))")
        }
        guard folderStatus.st_uid == geteuid() else {
            throw .cannotStart(
                "the socket folder \(folder) belongs to uid \(folderStatus.st_uid), not to you (uid \(geteuid())); "
                    + "choose another PARLEY_SOCKET")
        }
        guard folderStatus.st_mode & 0o077 == 0 else {
            throw .cannotStart(
                "the socket folder \(folder) is open to other users (mode "
                    + String(folderStatus.st_mode & 0o777, radix: 8) + "); run `chmod 700 \(folder)` or choose a "
                    + "private folder for PARLEY_SOCKET")
        }
        var socketStatus = stat()
        guard lstat(path, &socketStatus) == 0 else { return }
        guard socketStatus.st_mode & S_IFMT == S_IFSOCK else {
            throw .cannotStart("\(path) exists and is not a socket; remove it or choose another PARLEY_SOCKET")
        }
        if isAnswering(path) {
            throw .cannotStart(
                "a daemon is already listening on \(path); stop it first, or give this one its own PARLEY_SOCKET")
        }
        unlink(path)
    }

    /// Whether something accepts connections on the socket at `path`.
    static func isAnswering(_ path: String) -> Bool {
        (try? DaemonClient(socketPath: path)) != nil
    }
}
