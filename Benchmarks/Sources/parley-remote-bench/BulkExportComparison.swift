import Foundation
import ParleyStore
import SyncBenchSupport

/// Device A's first run to a target (its whole history built into segments and uploaded), beside `rclone copy
/// --transfers N` uploading the same segment files, copied from the local-folder run's target, to the same
/// server.
struct BulkExportComparison {
    var target: BenchTarget
    var export: RemoteRun
    /// Each `rclone copy` of the staged segments (into a new folder each time).
    var rclone: [Double]

    /// The median of the rclone runs.
    var rcloneSeconds: Double {
        let sorted = rclone.sorted()
        return sorted.isEmpty ? .nan : sorted[(sorted.count - 1) / 2]
    }

    /// Seeds A with `messages` (untimed), joins `folder` under the target and times A's first run; with `stage`,
    /// copies the `.seg` files it wrote into `staging` (made here) for rclone (the local folder only). Then
    /// `rclone copy` of `staging` to the target, `repeats` times.
    init(
        target: BenchTarget, messages: Int, folder: String = "bulk", stage: Bool, rclone: Rclone, transfers: Int,
        repeats: Int, staging: URL, scratch: URL
    ) async throws {
        self.target = target
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let a = try RemoteDevice(path: scratch.appendingPathComponent("a.sqlite").path, target: target)
        _ = try await Seeder.seed(a.store, messages: messages)
        try await a.join(folder)
        export = try await a.run()
        guard export.report.exportedSegments > 0 else {
            throw SyncBenchError("\(target.label): A's first run exported nothing")
        }
        if stage, let localFolder = target.localFolder {
            let device = localFolder(folder) + "/parley/devices/" + a.store.deviceID.rawValue
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: device) where name.hasSuffix(".seg") {
                try FileManager.default.copyItem(
                    atPath: device + "/" + name, toPath: staging.appendingPathComponent(name).path)
            }
        }
        try a.close()
        try FileManager.default.removeItem(at: scratch)
        self.rclone = try (0..<repeats).map { time in
            try rclone.copyFolder(
                staging.path, to: target.rclonePath("rclone-bulk-\(time)"), transfers: transfers)
        }
    }
}
