import BenchmarkCorpus
import Foundation
import ParleyCore
import ParleyStore
import ParleySync
import SyncBenchSupport
import Synchronization

/// One new message synced between two devices through one target, beside `rclone` uploading a file of the
/// same size to the same server, round by round.
///
/// A is seeded with the history (untimed), exports it, B imports it, and both run once more so every run timed
/// is a steady-state one. Then, each round, A appends one message to its newest conversation, and A's run (the
/// export of one segment and a new head) and B's run (its import) are timed together, from the call of A's run
/// to the return of B's; right after, `rclone copyto` uploads the segment the first round wrote (read back from
/// the target) under a new name. The first rounds are a warm-up for both sides and not recorded.
struct OneMessageComparison {
    var target: BenchTarget
    /// A's run plus B's run.
    var parley = Samples()
    var export = Samples()
    var `import` = Samples()
    var rclone = Samples()
    /// A's and B's time inside calls to the target, and their requests (nil for the local folder).
    var inCalls = Samples()
    var requests: [Int] = []
    /// The one-message segment `rclone` uploads: the first round's, as the target holds it.
    var segmentBytes = 0
    /// A's segment files on the target before the rounds: what every run lists.
    var segmentFiles = 0

    /// The median of ``requests``; nil for the local folder.
    var medianRequests: Int? {
        requests.isEmpty ? nil : requests.sorted()[(requests.count - 1) / 2]
    }

    init(
        target: BenchTarget, rclone: Rclone, history: Int, rounds: Int, warmUp: Int, scratch: URL
    ) async throws {
        self.target = target
        let folder = "rounds"
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let a = try RemoteDevice(path: scratch.appendingPathComponent("a.sqlite").path, target: target)
        let b = try RemoteDevice(path: scratch.appendingPathComponent("b.sqlite").path, target: target)
        defer {
            try? a.close()
            try? b.close()
        }
        let seeded = try await Seeder.seed(a.store, messages: history)
        try await a.join(folder)
        let exported = try await a.run()
        try await b.join(folder)
        let imported = try await b.run()
        guard exported.report.exportedSegments > 0, imported.report.contentHash == exported.report.contentHash else {
            throw SyncBenchError(
                "\(target.label): B's import of \(history) messages does not match A's export (segments "
                    + "\(exported.report.exportedSegments) and \(imported.report.importedSegments))")
        }
        segmentFiles = exported.report.exportedSegments
        _ = try await a.run()
        _ = try await b.run()
        let source = scratch.appendingPathComponent("one-message.seg").path
        let written = Mutex<String?>(nil)
        var texts = CorpusGenerator(vocabulary: Vocabulary(), seed: 7)
        for round in 0..<(warmUp + rounds) {
            _ = try await a.store.messages.append(
                NewMessage(
                    conversationID: seeded.lastConversation, role: round % 2 == 0 ? .user : .assistant,
                    content: .text(texts.next().text)))
            let start = Stopwatch.now()
            let exported = try await a.run { path in written.withLock { $0 = path } }
            let imported = try await b.run()
            let seconds = Stopwatch.seconds(since: start)
            guard exported.report.exportedSegments == 1, imported.report.importedSegments == 1,
                imported.report.skipped.isEmpty, imported.report.contentHash == exported.report.contentHash
            else {
                throw SyncBenchError(
                    "\(target.label), round \(round + 1): A exported \(exported.report.exportedSegments) segments "
                        + "and B imported \(imported.report.importedSegments) (skipped: \(imported.report.skipped))")
            }
            if round == 0 {
                guard let path = written.withLock({ $0 }),
                    let data = try await a.directory(folder).read(
                        try RemotePath(validating: path), maximumBytes: 64 << 20)
                else { throw SyncBenchError("\(target.label): the first round's segment cannot be read back") }
                try data.write(to: URL(fileURLWithPath: source))
                segmentBytes = data.count
            }
            let rcloneSeconds = try rclone.copyFile(source, to: target.rclonePath("rclone-rounds/\(round).seg"))
            guard round >= warmUp else { continue }
            parley.record(seconds: seconds)
            export.record(seconds: exported.seconds)
            self.import.record(seconds: imported.seconds)
            self.rclone.record(seconds: rcloneSeconds)
            inCalls.record(seconds: exported.calls.totalSeconds + imported.calls.totalSeconds)
            if let up = exported.report.moved.requests, let down = imported.report.moved.requests {
                requests.append(up + down)
            }
        }
    }
}
