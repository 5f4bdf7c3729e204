import Logging
import ParleyStore
import Synchronization

/// Logs a long migration's progress at start-up, once per tenth of the way and when it ends, so someone
/// watching `parley daemon` sees it re-index rather than hang.
final class MigrationProgressLog: Sendable {
    private let logger: Logger
    /// The last tenth logged, per migration.
    private let logged = Mutex<[String: Int]>([:])

    init(logger: Logger) {
        self.logger = logger
    }

    func report(_ progress: MigrationProgress) {
        let tenth = progress.total == 0 ? 10 : progress.done * 10 / progress.total
        let isNew = logged.withLock { logged in
            guard logged[progress.migration] != tenth else { return false }
            logged[progress.migration] = tenth
            return true
        }
        guard isNew else { return }
        logger.info(
            "migrating: \(progress.activity)",
            metadata: [
                "migration": "\(progress.migration)", "done": "\(progress.done)", "total": "\(progress.total)",
                "percent": "\(progress.total == 0 ? 100 : progress.done * 100 / progress.total)",
            ])
    }
}
