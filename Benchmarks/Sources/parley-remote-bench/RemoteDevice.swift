import Foundation
import ParleyCore
import ParleyStore
import ParleySync
import SyncBenchSupport

/// One device of the benchmark, as the tests' `SyncDevice` makes one: its own database (and so its own device
/// id), and a sync engine that opens its target with the target's environment (`HOME`, `NETRC`, the AWS
/// variables) and the default network options, wrapped in a ``TimedDirectory`` so a run's time waiting on the
/// target is known.
final class RemoteDevice: Sendable {
    let store: ParleyStore
    let engine: SyncEngine
    let target: BenchTarget
    private let calls = TargetCalls()

    init(path: String, target: BenchTarget) throws {
        store = try ParleyStore.open(path: path, configuration: StoreConfiguration())
        let environment = target.environment
        let calls = calls
        engine = SyncEngine(
            store: store, options: SyncOptions(),
            openDirectory: { url, connection throws(ParleyError) in
                TimedDirectory(
                    inner: try TargetURL.open(
                        url, connection: connection, environment: environment, network: NetworkOptions()),
                    calls: calls)
            })
        self.target = target
    }

    /// Joins `folder` of the target (creating the sync target there on first use).
    func join(_ folder: String) async throws {
        try target.prepare(folder)
        _ = try await engine.configure(url: target.url(folder), passphraseFile: nil, connection: target.connection)
    }

    /// The target's directory as this device's engine opens it, to read back a file a run wrote.
    func directory(_ folder: String) throws -> any RemoteDirectory {
        try TargetURL.open(
            target.url(folder), connection: target.connection, environment: target.environment,
            network: NetworkOptions())
    }

    /// One sync run, timed from the call to its return; `segments` hears the path of each segment it moved.
    func run(segments: (@Sendable (String) -> Void)? = nil) async throws -> RemoteRun {
        _ = calls.take()
        let marks = SegmentMarks()
        let hook = marks.hook
        let start = Stopwatch.now()
        let report = try await engine.run { event in
            hook(event)
            switch event {
            case let .exported(segment, _), let .imported(segment, _): segments?(segment)
            }
        }
        let end = Stopwatch.now()
        return RemoteRun(
            timed: TimedRun(
                seconds: Stopwatch.seconds(since: start, until: end),
                segmentSeconds: marks.lastSegment.map { Stopwatch.seconds(since: start, until: $0) }, report: report),
            calls: calls.take())
    }

    func close() throws {
        try store.close()
    }
}

/// One timed run of a ``RemoteDevice``, and how long it waited on its target.
struct RemoteRun {
    var timed: TimedRun
    var calls: TargetCalls.Totals

    var seconds: Double { timed.seconds }
    var report: SyncReport { timed.report }
}
