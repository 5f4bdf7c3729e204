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
/// SQLite restarts the log from its beginning only in a transaction that began after a checkpoint copied all
/// of it, and under steady writes a checkpoint beside the writer never does: frames keep arriving while it
/// copies. So after each background checkpoint the writer thread is asked (``takeTailRequest()``) to checkpoint
/// the few frames committed meanwhile, between two groups: a short copy and sync, after which its next
/// transaction restarts the log. Until the writer has done so this thread stays idle, so the two never contend
/// for SQLite's checkpoint lock and each stretch of ``thresholdPages`` costs two checkpoints, not one per commit.
///
/// The thread starts with the first checkpoint, so a store that never writes that much never runs one.
final class Checkpointer: @unchecked Sendable {
    /// Pages in the log (4 KiB each) that wake the checkpointer, SQLite's own default.
    static let thresholdPages: Int32 = 1000

    private let path: String
    private let condition = NSCondition()
    private var requested = false
    private var closed = false
    private var finished = false
    private var tailRequested = false
    private var awaitingTail = false
    private var started = false
    private var connection: DatabaseQueue?

    init(path: String) {
        self.path = path
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
        defer { condition.unlock() }
        guard !requested && !awaitingTail && !closed else { return }
        requested = true
        if started {
            condition.signal()
        } else {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "parley-checkpoint"
            thread.start()
        }
    }

    /// Whether the writer should checkpoint the end of the log now; true once after each background
    /// checkpoint. The writer calls ``finishedTail()`` once it has.
    func takeTailRequest() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let requested = tailRequested
        tailRequested = false
        return requested
    }

    /// The writer checkpointed the end of the log; later commits past the threshold wake this thread again.
    func finishedTail() {
        condition.lock()
        awaitingTail = false
        condition.unlock()
    }

    /// Stops the thread after the checkpoint it is running, and closes its connection; with `wait`, returns
    /// only once that is done.
    func close(wait: Bool) {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while wait && started && !finished { condition.wait() }
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
    /// leaves the log longer until the next commit asks again, so it is not worth stopping for. Requests that
    /// arrived while it ran are dropped: the writer's part follows, and commits after that ask again.
    private func checkpoint() {
        do {
            if connection == nil {
                var configuration = Configuration()
                configuration.busyMode = .immediateError
                connection = try DatabaseQueue(path: path, configuration: configuration)
            }
            _ = try connection?.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            condition.lock()
            requested = false
            tailRequested = true
            awaitingTail = true
            condition.unlock()
        } catch {
            return
        }
    }
}
