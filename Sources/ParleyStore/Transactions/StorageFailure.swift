import Foundation
import GRDB
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What SQLite threw, as a ``ParleyError`` the caller can act on, with a write that found no room told apart.
///
/// SQLite reports a write that failed with ENOSPC as SQLITE_FULL, and every other failed write (a quota used
/// up, a file past `ulimit -f`) as a plain I/O error, without the system's reason: `sqlite3_system_errno` reads
/// `errno` only after later calls have reset it. So after an I/O error on a write, ``outOfSpaceCode(after:databasePath:)``
/// looks for itself. Either way SQLite rolled the transaction back and left the database and its log as they
/// were, so the right answer is "free some space", not "your database is damaged".
enum StorageFailure {
    static func translate(_ error: any Error, databasePath: String, outOfSpaceCode: Int32 = 0) -> ParleyError {
        switch error {
        case let error as ParleyError:
            return error
        case let error as DatabaseError:
            let message = error.message ?? "no message"
            guard error.resultCode == .SQLITE_FULL || OutOfSpace.explains(outOfSpaceCode) else {
                return .storage(reason: "\(error.resultCode): \(message)")
            }
            let cause = OutOfSpace.describe(OutOfSpace.explains(outOfSpaceCode) ? outOfSpaceCode : ENOSPC)
            return .diskFull(
                folder: (databasePath as NSString).deletingLastPathComponent,
                reason: "\(cause) (SQLite: \(message)); nothing of this request was stored, and everything stored "
                    + "before is intact")
        default:
            return .storage(reason: "\(error)")
        }
    }

    /// After an I/O error on a write: EFBIG when the database or its log has reached the file size limit
    /// (the frames of a failed commit stay in the log up to where the write stopped), ENOSPC or EDQUOT when the
    /// folder has no room for a probe of 64 KiB, else 0 (the disk itself failed).
    static func outOfSpaceCode(after error: any Error, databasePath: String) -> Int32 {
        guard let error = error as? DatabaseError, error.resultCode == .SQLITE_IOERR else { return 0 }
        if let limit = fileSizeLimit() {
            for file in [databasePath, databasePath + "-wal", databasePath + "-shm"] {
                var status = stat()
                if stat(file, &status) == 0, UInt64(status.st_size) + 2 * 65_560 >= limit { return EFBIG }
            }
        }
        return roomProbe(folder: (databasePath as NSString).deletingLastPathComponent)
    }

    /// The largest file this process may write (`ulimit -f`), or nil when there is no limit.
    private static func fileSizeLimit() -> UInt64? {
        var limit = rlimit()
        #if canImport(Glibc)
            // Glibc's RLIM_INFINITY is a macro Swift imports as -1, which does not fit rlim_t.
            guard getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max
            else { return nil }
        #else
            guard getrlimit(RLIMIT_FSIZE, &limit) == 0, limit.rlim_cur != RLIM_INFINITY else { return nil }
        #endif
        return UInt64(limit.rlim_cur)
    }

    /// Asks the folder's file system for 64 KiB in a file that is unlinked as soon as it exists, so nothing is
    /// left behind whatever happens; the answer is the errno of a refusal for lack of room, or 0.
    private static func roomProbe(folder: String) -> Int32 {
        let path = folder + "/.parley-space-probe-\(getpid())-\(UInt32.random(in: .min ... .max))"
        guard let probe = FileDescriptor(adopting: open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)) else {
            return OutOfSpace.explains(errno) ? errno : 0
        }
        unlink(path)
        let bytes = [UInt8](repeating: 0, count: 65_536)
        let written = bytes.withUnsafeBytes { write(probe.rawValue, $0.baseAddress, $0.count) }
        if written < 0, OutOfSpace.explains(errno) { return errno }
        return fsync(probe.rawValue) != 0 && OutOfSpace.explains(errno) ? errno : 0
    }
}
