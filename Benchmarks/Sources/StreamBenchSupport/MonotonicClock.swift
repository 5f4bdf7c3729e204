#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Nanoseconds on `CLOCK_MONOTONIC`, which every process on the machine reads alike: the fake server stamps
/// each delta with it when sending and the measuring program reads it again on receipt, so their difference is
/// the delta's relay latency without any clock synchronisation.
public enum MonotonicClock {
    public static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
