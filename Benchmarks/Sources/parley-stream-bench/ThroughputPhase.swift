import Foundation
import StreamBenchSupport

/// Runs one path's concurrent streams for a fixed window, one thread per stream, each starting a new stream as
/// soon as its last one ended; counts the deltas read and the streams completed inside the window, and the CPU
/// the processes on the path used meanwhile.
enum ThroughputPhase {
    /// One window's counts, or the sum of several windows of the same path.
    struct Result {
        var deltas = 0
        var streams = 0
        var failures = 0
        var firstFailure: String?
        var seconds = 0.0
        /// CPU seconds, over the window, of the relay (the daemon, or the reaped `curl` processes), of the fake
        /// server and of this program; NaN when it could not be read.
        var relayCPU = 0.0
        var serverCPU = 0.0
        var benchCPU = 0.0
        /// Deltas per second of each window added, in order: the daemon's connections serve both of its windows,
        /// so a relay that slows down with use shows as a lower second window.
        var windowRates: [Double] = []

        var deltasPerSecond: Double { seconds > 0 ? Double(deltas) / seconds : 0 }

        /// Adds another window of the same path.
        mutating func add(_ window: Result) {
            deltas += window.deltas
            streams += window.streams
            failures += window.failures
            firstFailure = firstFailure ?? window.firstFailure
            seconds += window.seconds
            relayCPU += window.relayCPU
            serverCPU += window.serverCPU
            benchCPU += window.benchCPU
            windowRates.append(window.deltasPerSecond)
        }
    }

    /// - Parameter relayCPU: the relay's CPU seconds so far.
    static func run(
        _ streamers: [any Streamer], shape: StreamShape, seconds: Double, serverPID: Int32?,
        relayCPU: () -> Double?
    ) -> Result {
        let start = MonotonicClock.nanoseconds() + 100_000_000
        let end = start + UInt64(seconds * 1e9)
        let workers = streamers.map { ThroughputWorker(streamer: $0, shape: shape) }
        let finished = DispatchGroup()
        for worker in workers {
            finished.enter()
            Thread {
                worker.run(from: start, to: end)
                finished.leave()
            }.start()
        }
        let serverCPU = { serverPID.flatMap(ProcessCPU.seconds(ofProcess:)) }
        sleep(until: start)
        let before = (relay: relayCPU(), server: serverCPU(), bench: ProcessCPU.seconds(children: false))
        sleep(until: end)
        let after = (relay: relayCPU(), server: serverCPU(), bench: ProcessCPU.seconds(children: false))
        finished.wait()
        var result = Result(
            seconds: seconds, relayCPU: (after.relay ?? .nan) - (before.relay ?? .nan),
            serverCPU: (after.server ?? .nan) - (before.server ?? .nan), benchCPU: after.bench - before.bench)
        for worker in workers {
            result.deltas += worker.deltas
            result.streams += worker.streams
            result.failures += worker.failures
            result.firstFailure = result.firstFailure ?? worker.firstFailure
        }
        return result
    }

    /// Sleeps until the monotonic clock reads `deadline`.
    static func sleep(until deadline: UInt64) {
        let now = MonotonicClock.nanoseconds()
        if deadline > now { Thread.sleep(forTimeInterval: Double(deadline - now) / 1e9) }
    }
}

/// One stream slot of the throughput phase, run on its own thread; read only after that thread has finished.
private final class ThroughputWorker: @unchecked Sendable {
    private let streamer: any Streamer
    private let shape: StreamShape
    private(set) var deltas = 0
    private(set) var streams = 0
    private(set) var failures = 0
    private(set) var firstFailure: String?

    init(streamer: any Streamer, shape: StreamShape) {
        self.streamer = streamer
        self.shape = shape
    }

    /// Streams until `end`; the stream running at `end` is finished but counts only its deltas read before.
    func run(from start: UInt64, to end: UInt64) {
        ThroughputPhase.sleep(until: start)
        while MonotonicClock.nanoseconds() < end {
            let record: StreamRecord
            do {
                record = try streamer.stream(shape)
            } catch {
                failed(error.description)
                return
            }
            deltas += record.receipts.count { $0 >= start && $0 <= end }
            if let failure = record.failure {
                failed(failure)
            } else if record.ended <= end {
                streams += 1
            }
        }
    }

    private func failed(_ reason: String) {
        failures += 1
        if firstFailure == nil { firstFailure = reason }
    }
}
