import Foundation

/// What a subcommand prints on its one line of standard output, `key=value` pairs the shell script reads into
/// its tables; progress and failures go to standard error.
struct Report {
    private var fields: [(String, String)] = []

    mutating func add(_ key: String, _ value: some CustomStringConvertible) {
        fields.append((key, value.description))
    }

    mutating func add(_ key: String, _ value: Double) {
        fields.append((key, String(format: "%.3f", value)))
    }

    /// Adds the peaks of `memory`, which stops it.
    mutating func add(_ memory: MemoryPeak) {
        let peak = memory.stop()
        add("rss_mib", peak.resident)
        add("anon_mib", peak.anonymous)
        add("file_mib", peak.file)
    }

    func print() {
        Swift.print(fields.map { "\($0)=\($1)" }.joined(separator: " "))
    }
}

/// Seconds on the monotonic clock since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Says on standard error what the run is doing.
func note(_ text: String) {
    FileHandle.standardError.write(Data("parley-exchange-bench: \(text)\n".utf8))
}
