import Foundation
import GRDB
import ParleyCore

/// Commits the writes of concurrent callers together: one transaction, one commit, many writes.
///
/// Writes run on one dedicated writer thread. While it commits a group, new writes queue; when it is done it
/// takes everything queued (up to ``maximumGroupSize``) as the next group, runs the writes one after another in
/// one transaction, commits, and only then resumes the callers. Callers never block a thread of their own (an
/// event-loop thread of the daemon stays free to serve reads while a commit runs), and under load the cost of
/// a commit is shared by every write that arrived during the previous one. A write that fails fails alone:
/// the others in its group still commit.
final class GroupCommitter: Sendable {
    /// The most writes one transaction takes, so a burst never holds the writer lock for long.
    static let maximumGroupSize = 256

    private let pool: DatabasePool
    private let queue: JobQueue

    /// One caller's write and the way back to it. `run` is only called while the caller waits for the result,
    /// and is released before the caller is resumed: it holds the caller's non-escaping closure, which must
    /// not outlive the call.
    private final class Job: @unchecked Sendable {
        private var run: ((Database) throws -> Void)?
        private let fail: (any Error) -> Void
        private let resume: () -> Void

        init(
            run: @escaping (Database) throws -> Void, fail: @escaping (any Error) -> Void,
            resume: @escaping () -> Void
        ) {
            self.run = run
            self.fail = fail
            self.resume = resume
        }

        func perform(_ db: Database) throws {
            try run?(db)
        }

        /// Releases the write and resumes its caller, with `error` if its transaction failed.
        func finish(failure error: (any Error)?) {
            run = nil
            if let error { fail(error) }
            resume()
        }
    }

    /// The jobs waiting for the writer thread, and whether the committer still takes new ones.
    private final class JobQueue: @unchecked Sendable {
        private let condition = NSCondition()
        private var jobs: [Job] = []
        private var closed = false
        private var finished = false

        /// Queues `job`; false once the committer is closed.
        func add(_ job: Job) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard !closed else { return false }
            jobs.append(job)
            if jobs.count == 1 { condition.signal() }
            return true
        }

        /// The next group, waiting while there is none; empty once closed and drained.
        func takeGroup() -> [Job] {
            condition.lock()
            defer { condition.unlock() }
            while jobs.isEmpty && !closed { condition.wait() }
            let count = min(jobs.count, GroupCommitter.maximumGroupSize)
            let group = Array(jobs.prefix(count))
            jobs.removeFirst(count)
            return group
        }

        /// Refuses new jobs; with `wait`, returns only once the writer thread has committed the queued ones.
        func close(wait: Bool) {
            condition.lock()
            defer { condition.unlock() }
            closed = true
            condition.broadcast()
            while wait && !finished { condition.wait() }
        }

        /// Called by the writer thread as it ends.
        func markFinished() {
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
    }

    init(pool: DatabasePool, checkpointer: Checkpointer) {
        self.pool = pool
        self.queue = JobQueue()
        let thread = Thread { [pool, queue] in Self.commitLoop(pool: pool, queue: queue, checkpointer: checkpointer) }
        thread.name = "parley-writer"
        thread.start()
    }

    /// Stops taking writes and returns once the writer thread has committed what was queued and ended.
    func close() {
        queue.close(wait: true)
    }

    deinit {
        queue.close(wait: false)
    }

    /// Runs `work` in a shared write transaction and returns once that transaction committed.
    func write<T: Sendable>(_ work: (Database) throws -> T) async throws -> T {
        try await withoutActuallyEscaping(work) { work in
            let outcome = ResultBox<T>()
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let job = Job(
                    run: { db in outcome.result = .success(try work(db)) },
                    fail: { error in outcome.result = .failure(error) },
                    resume: { continuation.resume() })
                if !queue.add(job) {
                    job.finish(failure: ParleyError.storage(reason: "the store is closed"))
                }
            }
            return try outcome.take()
        }
    }

    /// The writer thread: commits groups until the queue is closed and empty.
    private static func commitLoop(pool: DatabasePool, queue: JobQueue, checkpointer: Checkpointer) {
        while true {
            let group = queue.takeGroup()
            if group.isEmpty {
                queue.markFinished()
                return
            }
            commit(group, pool: pool)
            if checkpointer.takeTailRequest() {
                _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                checkpointer.finishedTail()
            }
        }
    }

    /// Commits a group in one transaction. The writes run one after another without savepoints: FTS5 flushes
    /// its pending index data to a new segment at every savepoint, which would cost each write a segment of
    /// its own. When one write fails, the transaction rolls back and every write of the group runs again in a
    /// transaction of its own, so a failure still touches only its own write.
    private static func commit(_ group: [Job], pool: DatabasePool) {
        if group.count > 1 {
            do {
                try pool.write { db in
                    for job in group { try job.perform(db) }
                }
                for job in group { job.finish(failure: nil) }
                return
            } catch {
                // Run alone below, each with its own outcome.
            }
        }
        for job in group {
            do {
                try pool.write { db in try job.perform(db) }
                job.finish(failure: nil)
            } catch {
                job.finish(failure: translate(error, pool: pool))
            }
        }
    }

    /// Finds out, while nothing else writes, whether an I/O error was for lack of room.
    private static func translate(_ error: any Error, pool: DatabasePool) -> ParleyError {
        StorageFailure.translate(
            error, databasePath: pool.path,
            outOfSpaceCode: StorageFailure.outOfSpaceCode(after: error, databasePath: pool.path))
    }
}

/// The result of one job, written by the writer thread and read by its caller after being resumed.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?

    func take() throws -> T {
        guard let result else { preconditionFailure("a group commit finished a job without running it") }
        return try result.get()
    }
}
