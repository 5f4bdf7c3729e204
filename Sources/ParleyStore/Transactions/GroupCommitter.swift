import GRDB
import Synchronization

/// Commits the writes of concurrent callers together: one transaction, one WAL sync, many writes.
///
/// The first caller to find no commit running becomes the leader: it runs its own write and every write that
/// queued meanwhile, each in its own savepoint, in one transaction, and resumes the waiting callers once that
/// transaction has committed. A lone writer therefore pays nothing extra (no thread hop), while many writers
/// share the cost of a commit instead of queueing behind one another on a blocked thread. A write that fails
/// rolls back its own savepoint only; the others in the group still commit.
final class GroupCommitter: Sendable {
    /// The most writes one transaction takes, so a burst never holds the writer lock for long.
    static let maximumGroupSize = 256

    private let pool: DatabasePool
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var queued: [Job] = []
        var leading = false
    }

    /// One caller's write and the way back to it. `run` is only called while the caller waits for the result,
    /// and is released before the caller is resumed: it holds the caller's non-escaping closure, which must
    /// not outlive the call.
    private final class Job: @unchecked Sendable {
        private var run: ((Database) -> Void)?
        private let fail: (any Error) -> Void
        private let resume: () -> Void

        init(run: @escaping (Database) -> Void, fail: @escaping (any Error) -> Void, resume: @escaping () -> Void) {
            self.run = run
            self.fail = fail
            self.resume = resume
        }

        func perform(_ db: Database) {
            run?(db)
        }

        /// Releases the write and resumes its caller, with `error` if the group's transaction failed.
        func finish(failure error: (any Error)?) {
            run = nil
            if let error { fail(error) }
            resume()
        }
    }

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `work` in a savepoint of a shared write transaction and returns once that transaction committed.
    func write<T: Sendable>(_ work: (Database) throws -> T) async throws -> T {
        try await withoutActuallyEscaping(work) { work in
            let outcome = ResultBox<T>()
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let job = Job(
                    run: { db in
                        do {
                            try db.inSavepoint {
                                outcome.result = .success(try work(db))
                                return .commit
                            }
                        } catch {
                            outcome.result = .failure(error)
                        }
                    },
                    fail: { error in outcome.result = .failure(error) },
                    resume: { continuation.resume() })
                let lead = state.withLock { state in
                    state.queued.append(job)
                    if state.leading { return false }
                    state.leading = true
                    return true
                }
                // The leader's own job is in the queue, so draining resumes its caller too.
                if lead { drain() }
            }
            return try outcome.take()
        }
    }

    /// Commits queued groups until the queue is empty, then gives up the lead.
    private func drain() {
        while true {
            let group: [Job] = state.withLock { state in
                if state.queued.isEmpty {
                    state.leading = false
                    return []
                }
                let count = min(state.queued.count, Self.maximumGroupSize)
                let group = Array(state.queued.prefix(count))
                state.queued.removeFirst(count)
                return group
            }
            if group.isEmpty { return }
            var failure: (any Error)?
            do {
                try pool.write { db in
                    for job in group { job.perform(db) }
                }
            } catch {
                failure = error
            }
            for job in group { job.finish(failure: failure) }
        }
    }
}

/// The result of one job, written by the leader and read by its caller after the leader resumed it.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?

    func take() throws -> T {
        guard let result else { preconditionFailure("a group commit finished a job without running it") }
        return try result.get()
    }
}
