/// Latency samples of one side at one size.
public struct Samples {
    public private(set) var milliseconds: [Double] = []

    public init() {}

    public mutating func record(seconds: Double) {
        milliseconds.append(seconds * 1_000)
    }

    /// The nearest-rank percentile, `p` in 0...100.
    public func percentile(_ p: Double) -> Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
