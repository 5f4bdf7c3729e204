import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time spent by each process across a measured window (the load generator, the `curl` processes it reaped,
/// the daemon, the fake server), so a report says what each side cost and whether the two CPUs of a small
/// machine ran out.
public enum ProcessCPU {
    /// User plus system CPU of this process (`RUSAGE_SELF`) or of its reaped children (`RUSAGE_CHILDREN`), in
    /// seconds.
    public static func seconds(children: Bool = false) -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// User plus system CPU process `pid` has used so far, in seconds, from `/proc/<pid>/stat` (Linux only).
    public static func seconds(ofProcess pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name start with the state, field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
