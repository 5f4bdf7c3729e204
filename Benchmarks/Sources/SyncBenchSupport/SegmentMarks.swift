import ParleySync
import Synchronization

/// When a run last reported a segment written or applied, taken from its progress hook: the engine's public
/// API says nothing finer about where a run's time goes, and a hook costs nothing beside a segment's work.
public final class SegmentMarks: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    public var hook: SyncEngine.ProgressHook {
        { _ in
            let now = Stopwatch.now()
            self.last.withLock { $0 = now }
        }
    }

    public var lastSegment: ContinuousClock.Instant? {
        last.withLock { $0 }
    }
}
