import Foundation
import ParleyStore
import ParleySync
import SyncBenchSupport

/// One device of the benchmark: its own database (and so its own device id) and sync engine.
final class SyncDevice: Sendable {
    let store: ParleyStore
    let engine: SyncEngine

    init(path: String) throws {
        store = try ParleyStore.open(path: path, configuration: StoreConfiguration())
        engine = SyncEngine(store: store)
    }

    /// Joins the target folder at `target` (creating it on first use), encrypted when `passphraseFile` is given.
    func join(_ target: String, passphraseFile: String?) async throws {
        _ = try await engine.configure(url: target, passphraseFile: passphraseFile)
    }

    /// One sync run, timed from the call to its return.
    func run() async throws -> TimedRun {
        let marks = SegmentMarks()
        let start = Stopwatch.now()
        let report = try await engine.run(progress: marks.hook)
        let end = Stopwatch.now()
        return TimedRun(
            seconds: Stopwatch.seconds(since: start, until: end),
            segmentSeconds: marks.lastSegment.map { Stopwatch.seconds(since: start, until: $0) }, report: report)
    }

    func close() throws {
        try store.close()
    }
}
