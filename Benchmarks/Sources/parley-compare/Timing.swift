/// Wall-clock timing for the comparisons: total seconds for throughput, per-call samples for latency.
enum Timing {
    private static let clock = ContinuousClock()

    /// Runs `work` and returns how long it took, in seconds.
    static func seconds(_ work: () async throws -> Void) async rethrows -> Double {
        let start = clock.now
        try await work()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}

/// Latency samples of one side at one database size.
struct Latencies {
    private(set) var milliseconds: [Double] = []

    var count: Int { milliseconds.count }

    mutating func record(seconds: Double) {
        milliseconds.append(seconds * 1_000)
    }

    /// The nearest-rank percentile, `p` in 0...100.
    func percentile(_ p: Double) -> Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
