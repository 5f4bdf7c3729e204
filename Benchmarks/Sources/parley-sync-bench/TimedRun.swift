import ParleySync

/// One timed `SyncEngine.run()`: its wall time, split where its last segment was written or applied.
struct TimedRun {
    var seconds: Double
    /// From the start to the last segment written (export) or applied (import); nil when it moved none. What
    /// follows is the rest of the run: for an export the pass over the other devices, and for both the content
    /// hash, `head.json` and the run's record.
    var segmentSeconds: Double?
    var report: SyncReport

    /// The seconds after the last segment; nil when the run moved none.
    var afterSegmentsSeconds: Double? {
        segmentSeconds.map { seconds - $0 }
    }
}
