import Foundation
import ParleySync
import ParleyTestSupport
import SyncBenchSupport

/// What a run with nothing new costs when `devices` devices share a target: counted by the proxy in front of an
/// HTTP server (every request head it read, by method) and by the run's own report (its transport's requests,
/// SFTP's included, and the files it read and wrote).
///
/// Each device is seeded with a few messages and joins a folder of its own under the target; then every device
/// runs in turn, pass after pass, until a whole pass writes nothing (every device has imported every other, and
/// its head says so). Then the first device runs once more, the measured run.
struct IdleRun {
    var target: BenchTarget
    var devices: Int
    /// Through the proxy; nil for SFTP, which reaches sshd straight.
    var proxy: FaultProxy.Stats?
    var moved: SyncTraffic
    /// Passes run before the measured one.
    var passes: Int

    /// The budget: one listing of each device's folder and of the devices folder, one read of `target.json`.
    var budget: Int { devices + 2 }

    static let messagesPerDevice = 100
    private static let maximumPasses = 6

    init(target: BenchTarget, devices count: Int, proxy: FaultProxy?, scratch: URL) async throws {
        self.target = target
        devices = count
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let folder = "idle-\(count)"
        var devices: [RemoteDevice] = []
        defer { for device in devices { try? device.close() } }
        for index in 0..<count {
            let device = try RemoteDevice(
                path: scratch.appendingPathComponent("device-\(index).sqlite").path, target: target)
            devices.append(device)
            _ = try await Seeder.seed(device.store, messages: Self.messagesPerDevice)
            try await device.join(folder)
        }
        passes = 0
        while true {
            var written = 0
            for device in devices { written += try await device.run().report.moved.filesWritten }
            passes += 1
            if written == 0 { break }
            guard passes < Self.maximumPasses else {
                throw SyncBenchError("\(target.label), \(count) devices: still writing after \(passes) passes")
            }
        }
        try proxy?.resetStats()
        let idle = try await devices[0].run()
        self.proxy = try proxy?.stats()
        moved = idle.report.moved
        guard idle.report.exportedSegments == 0, idle.report.importedSegments == 0, idle.report.skipped.isEmpty else {
            throw SyncBenchError("\(target.label), \(count) devices: the idle run moved segments or skipped files")
        }
    }
}
