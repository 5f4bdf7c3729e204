/// Durations in nanoseconds, sorted once, read as nearest-rank percentiles in milliseconds.
struct Samples {
    private let sorted: [UInt64]

    init(_ values: some Sequence<UInt64>) {
        sorted = values.sorted()
    }

    var count: Int { sorted.count }

    /// The nearest-rank percentile in milliseconds, `fraction` in 0...1; nil without samples.
    func milliseconds(_ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(max(rank, 1), sorted.count) - 1]) / 1e6
    }
}
