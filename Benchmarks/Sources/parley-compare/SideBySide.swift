/// Times Parley and raw SQLite on the same step, alternating which goes first, so a burst of load from
/// elsewhere on the machine (the other core may be compiling) falls on both sides alike.
struct SideBySide {
    private(set) var parleySeconds = 0.0
    private(set) var rawSeconds = 0.0
    private var steps = 0

    /// Runs one step of each side and returns the two durations in seconds.
    @discardableResult
    mutating func measure(
        parley: () async throws -> Void, raw: () async throws -> Void
    ) async throws -> (parley: Double, raw: Double) {
        let parleyFirst = steps % 2 == 0
        steps += 1
        let first = try await Timing.seconds(parleyFirst ? parley : raw)
        let second = try await Timing.seconds(parleyFirst ? raw : parley)
        let durations = parleyFirst ? (first, second) : (second, first)
        parleySeconds += durations.0
        rawSeconds += durations.1
        return durations
    }
}
