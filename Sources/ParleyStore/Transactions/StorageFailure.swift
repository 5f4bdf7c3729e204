import Foundation
import GRDB
import GRDBSQLite
import ParleyCore

/// What SQLite threw, as a ``ParleyError`` the caller can act on, with a full disk told apart.
///
/// SQLite reports a write that found no room as SQLITE_FULL when `write` failed with ENOSPC, and as an I/O
/// error for the rest (a quota reached, a file past its size limit, the shared-memory index that cannot grow);
/// `systemErrno` is what the system said for that I/O error. Either way SQLite rolled the transaction back and
/// left the database and its log as they were, so the right answer is "free some space", not "your database
/// is damaged".
enum StorageFailure {
    static func translate(_ error: any Error, databasePath: String, systemErrno: Int32 = 0) -> ParleyError {
        switch error {
        case let error as ParleyError:
            return error
        case let error as DatabaseError:
            let message = error.message ?? "no message"
            if error.resultCode == .SQLITE_FULL
                || (error.resultCode == .SQLITE_IOERR && OutOfSpace.explains(systemErrno))
            {
                let cause = OutOfSpace.describe(OutOfSpace.explains(systemErrno) ? systemErrno : ENOSPC)
                return .diskFull(
                    folder: (databasePath as NSString).deletingLastPathComponent,
                    reason: "\(cause) (SQLite: \(message)); nothing of this request was stored, and everything "
                        + "stored before is intact")
            }
            return .storage(reason: "\(error.resultCode): \(message)")
        default:
            return .storage(reason: "\(error)")
        }
    }

    /// The system error behind the last failure on `db`, which SQLite keeps until its next failure.
    static func systemErrno(_ db: Database) -> Int32 {
        sqlite3_system_errno(db.sqliteConnection)
    }
}
