/// Wall-clock seconds of a piece of work, on the monotonic clock.
public enum Stopwatch {
    @usableFromInline static let clock = ContinuousClock()

    public static func seconds(_ work: () throws -> Void) rethrows -> Double {
        let start = clock.now
        try work()
        return seconds(since: start)
    }

    public static func now() -> ContinuousClock.Instant {
        clock.now
    }

    public static func seconds(
        since start: ContinuousClock.Instant, until end: ContinuousClock.Instant = clock.now
    )
        -> Double
    {
        let elapsed = end - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
