/// Everything one run of `parley-remote-bench` measured, for ``markdown``.
struct RemoteResults {
    var options: RemoteBenchOptions
    /// `rclone version`'s first line.
    var rcloneVersion: String
    /// The segment files of the local folder's bulk export, which `rclone copy` uploads.
    var staged: (files: Int, bytes: Int)
    /// By target, the local folder first.
    var rounds: [OneMessageComparison]
    /// By network target.
    var connections: [ConnectionCost]
    var bulk: [BulkExportComparison]
    /// By device count, then target.
    var idle: [IdleRun]
    var memory: PeakMemory?
}
