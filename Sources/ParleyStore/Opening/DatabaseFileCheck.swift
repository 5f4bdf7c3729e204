import Foundation
import GRDB
import ParleyCore

/// Refuses a file that is not a usable SQLite database before the store writes anything to it.
///
/// Opening a pool switches the file to WAL mode and creates `-wal` and `-shm` files, so a file that is not a
/// database, or is damaged, is first checked by its header and then read through a read-only connection.
enum DatabaseFileCheck {
    private static let header = Array("SQLite format 3\0".utf8)

    /// Checks the file at `path`, if there is one, and runs `history` on a read-only connection to it, so a
    /// refused schema leaves the file byte for byte as it was.
    static func verify(path: String, history: (Database) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw ParleyError.databaseUnreadable(
                    path: path, reason: "the file cannot be read (check its permissions)")
            }
            return
        }
        let start = (try? handle.read(upToCount: header.count)) ?? Data()
        try? handle.close()
        guard !start.isEmpty else { return }
        guard Array(start) == header else {
            throw ParleyError.databaseUnreadable(
                path: path, reason: "it is not an SQLite database (it does not start with \"SQLite format 3\")")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let problems = try queue.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
                let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
                if problems == ["ok"] { try history(db) }
                return problems
            }
            guard problems == ["ok"] else {
                throw ParleyError.databaseUnreadable(
                    path: path, reason: "it is damaged (" + problems.joined(separator: "; ") + ")")
            }
        } catch let error as ParleyError {
            throw error
        } catch let error as DatabaseError {
            throw ParleyError.databaseUnreadable(
                path: path, reason: "it is damaged or not a database (\(error.message ?? "\(error)"))")
        }
    }
}
