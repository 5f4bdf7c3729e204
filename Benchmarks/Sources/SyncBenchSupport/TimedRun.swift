import ParleySync

/// One timed `SyncEngine.run()`: its wall time, split where its last segment was written or applied.
public struct TimedRun: Sendable {
    public init(seconds: Double, segmentSeconds: Double?, report: SyncReport) {
        self.seconds = seconds
        self.segmentSeconds = segmentSeconds
        self.report = report
    }

    public var seconds: Double
    /// From the start to the last segment written (export) or applied (import); nil when it moved none. What
    /// follows is the rest of the run: for an export the pass over the other devices, and for both the content
    /// hash, `head.json` and the run's record.
    public var segmentSeconds: Double?
    public var report: SyncReport

    /// The seconds after the last segment; nil when the run moved none.
    public var afterSegmentsSeconds: Double? {
        segmentSeconds.map { seconds - $0 }
    }
}
