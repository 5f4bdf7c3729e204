import Foundation
import ParleyCore
import ParleySync
import ParleyTransfer
import SyncBenchSupport
import Synchronization

/// The time a device's runs spend waiting on their target, by operation: every call of the engine into the
/// target's directory goes through a ``TimedDirectory`` that adds its wall time here. Everything else of a run
/// (the database, building and checking segments, the content digest) is the rest.
final class TargetCalls: Sendable {
    struct Totals: Sendable {
        var calls: [String: Int] = [:]
        var seconds: [String: Double] = [:]

        var totalSeconds: Double { seconds.values.reduce(0, +) }
        var totalCalls: Int { calls.values.reduce(0, +) }
    }

    private let totals = Mutex(Totals())

    /// What was added since the last call, which starts the count again.
    func take() -> Totals {
        totals.withLock { totals in
            defer { totals = Totals() }
            return totals
        }
    }

    func add(_ operation: String, seconds: Double) {
        totals.withLock { totals in
            totals.calls[operation, default: 0] += 1
            totals.seconds[operation, default: 0] += seconds
        }
    }
}

/// A target's directory that times each call into it (see ``TargetCalls``) and otherwise only passes it on.
struct TimedDirectory: RemoteDirectory {
    let inner: any RemoteDirectory
    let calls: TargetCalls

    var location: String { inner.location }
    var meter: TransferMeter? { inner.meter }

    private func timed<T>(
        _ operation: String, _ work: () async throws(ParleyError) -> T
    ) async throws(ParleyError)
        -> T
    {
        let start = Stopwatch.now()
        defer { calls.add(operation, seconds: Stopwatch.seconds(since: start)) }
        return try await work()
    }

    func list(_ folder: RemotePath) async throws(ParleyError) -> [RemoteEntry]? {
        try await timed("list") { () async throws(ParleyError) in try await inner.list(folder) }
    }

    func read(_ file: RemotePath, maximumBytes: Int) async throws(ParleyError) -> Data? {
        try await timed("read") { () async throws(ParleyError) in try await inner.read(file, maximumBytes: maximumBytes)
        }
    }

    func makeFolder(_ folder: RemotePath) async throws(ParleyError) {
        try await timed("makeFolder") { () async throws(ParleyError) in try await inner.makeFolder(folder) }
    }

    func write(_ data: Data, to file: RemotePath, replacing: Bool) async throws(ParleyError) {
        try await timed("write") { () async throws(ParleyError) in
            try await inner.write(data, to: file, replacing: replacing)
        }
    }

    func remove(_ file: RemotePath) async throws(ParleyError) {
        try await timed("remove") { () async throws(ParleyError) in try await inner.remove(file) }
    }

    func removeStaleTemporaryFiles(in folder: RemotePath, olderThanSeconds: Double) async throws(ParleyError) {
        try await timed("clean") { () async throws(ParleyError) in
            try await inner.removeStaleTemporaryFiles(in: folder, olderThanSeconds: olderThanSeconds)
        }
    }
}
