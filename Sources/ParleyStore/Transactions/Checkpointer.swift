import Foundation
import GRDB
import GRDBSQLite

/// Copies the write-ahead log back into the database file on a thread and a connection of its own.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold: that one write then copies
/// megabytes and syncs the file twice while every writer behind it waits (tens of milliseconds on a store of a
/// million messages). Instead, the writer connection's WAL hook only notices that the log passed
/// ``thresholdPages`` and wakes this thread, which runs a passive checkpoint beside the writers.
///
/// SQLite restarts the log from its beginning only at a commit that follows a checkpoint which copied all of
/// it, and under steady writes a checkpoint beside the writer never does: frames keep arriving while it copies.
/// So when one leaves frames behind, the writer thread is asked (``takeTailRequest()``) to checkpoint the few
/// frames left between two commits, a short copy and sync, and its next commit restarts the log.
final class Checkpointer: @unchecked Sendable {
    /// Pages in the log (4 KiB each) that wake the checkpointer, SQLite's own default.
    static let thresholdPages: Int32 = 1000

    private let path: String
    private let condition = NSCondition()
    private var requested = false
    private var closed = false
    private var finished = false
    private var tailRequested = false
    private var connection: DatabaseQueue?

    init(path: String) {
        self.path = path
        let thread = Thread { [self] in run() }
        thread.name = "parley-checkpoint"
        thread.start()
    }

    /// Replaces SQLite's automatic checkpoint on `db` (the writer connection) with a wake-up of this thread.
    func watch(_ db: Database) {
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, _, _, pages in
                if let context, pages >= Checkpointer.thresholdPages {
                    Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().request()
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func request() {
        condition.lock()
        if !requested {
            requested = true
            condition.signal()
        }
        condition.unlock()
    }

    /// Whether the writer should checkpoint the end of the log now; true once per background checkpoint that
    /// left frames behind.
    func takeTailRequest() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let requested = tailRequested
        tailRequested = false
        return requested
    }

    /// Stops the thread after the checkpoint it is running, and closes its connection; with `wait`, returns
    /// only once that is done.
    func close(wait: Bool) {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while wait && !finished { condition.wait() }
    }

    private func run() {
        while true {
            condition.lock()
            while !requested && !closed { condition.wait() }
            let stop = closed
            requested = false
            condition.unlock()
            if stop { break }
            checkpoint()
        }
        try? connection?.close()
        connection = nil
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// A passive checkpoint: copies what no reader still needs and never waits for a lock. A failure only
    /// leaves the log longer until the next one, so it is not worth stopping for.
    private func checkpoint() {
        do {
            if connection == nil {
                var configuration = Configuration()
                configuration.busyMode = .immediateError
                connection = try DatabaseQueue(path: path, configuration: configuration)
            }
            guard let connection else { return }
            let outcome = try connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            if outcome.checkpointedFrameCount < outcome.walFrameCount {
                condition.lock()
                tailRequested = true
                condition.unlock()
            }
        } catch {
            connection = nil
        }
    }
}
