import Foundation

/// What one run measured, merged over its connections, as text for people or one JSON line for `daemon-bench.sh`.
struct LoadReport {
    var options: LoadOptions
    var requests: Int
    var errors: Int
    var firstError: String?
    /// Latencies in nanoseconds, sorted.
    var latencies: [UInt64]
    /// Requests answered inside the window on the least and the most served connection: far apart when the
    /// daemon serves some connections while others wait.
    var perConnection: (least: Int, most: Int)
    /// User plus system CPU the load generator itself spent in the measured window, in seconds.
    var clientCPUSeconds: Double
    /// The same for the daemon (found through `SO_PEERCRED`), when it could be read.
    var daemonCPUSeconds: Double?

    init(options: LoadOptions, workers: [LoadWorker], clientCPUSeconds: Double) {
        self.options = options
        latencies = workers.flatMap(\.latencies).sorted()
        requests = latencies.count
        errors = workers.reduce(0) { $0 + $1.errors }
        firstError = workers.lazy.compactMap(\.firstError).first
        let counts = workers.map(\.latencies.count)
        perConnection = (counts.min() ?? 0, counts.max() ?? 0)
        self.clientCPUSeconds = clientCPUSeconds
    }

    var requestsPerSecond: Double { Double(requests) / options.duration }

    /// The nearest-rank percentile in microseconds, `fraction` in 0...1.
    func percentile(_ fraction: Double) -> Double {
        guard !latencies.isEmpty else { return .nan }
        let rank = Int((fraction * Double(latencies.count)).rounded(.up))
        return Double(latencies[min(max(rank, 1), latencies.count) - 1]) / 1_000
    }

    var meanMicroseconds: Double {
        latencies.isEmpty ? .nan : Double(latencies.reduce(0, +)) / Double(latencies.count) / 1_000
    }

    var text: String {
        """
        parley-load: \(options.method.rpcName), \(options.connections) connections × pipeline \(options.pipeline), \
        \(options.duration) s measured after \(options.warmup) s warm-up, \(options.valueBytes)-byte content
        requests     \(requests) (\(Self.fixed(requestsPerSecond, 0))/s)
        latency      p50 \(Self.fixed(percentile(0.5), 1)) µs   p99 \(Self.fixed(percentile(0.99), 1)) µs   \
        p99.9 \(Self.fixed(percentile(0.999), 1)) µs   mean \(Self.fixed(meanMicroseconds, 1)) µs   \
        max \(Self.fixed(percentile(1), 1)) µs
        per connection  \(perConnection.least) to \(perConnection.most) requests
        errors       \(errors)\(firstError.map { "   first: \($0)" } ?? "")
        CPU          daemon \(daemonCPUSeconds.map { Self.fixed($0 / options.duration, 2) } ?? "?") cores, \
        parley-load \(Self.fixed(clientCPUSeconds / options.duration, 2)) cores
        """
    }

    var json: String {
        let fields: [(String, String)] = [
            ("method", quoted(options.method.rawValue)), ("rpc", quoted(options.method.rpcName)),
            ("connections", "\(options.connections)"), ("pipeline", "\(options.pipeline)"),
            ("duration_s", Self.fixed(options.duration, 3)), ("value_bytes", "\(options.valueBytes)"),
            ("requests", "\(requests)"), ("requests_per_second", Self.fixed(requestsPerSecond, 1)),
            ("p50_us", Self.fixed(percentile(0.5), 1)), ("p99_us", Self.fixed(percentile(0.99), 1)),
            ("p999_us", Self.fixed(percentile(0.999), 1)), ("mean_us", Self.fixed(meanMicroseconds, 1)),
            ("max_us", Self.fixed(percentile(1), 1)), ("errors", "\(errors)"),
            ("connection_least", "\(perConnection.least)"), ("connection_most", "\(perConnection.most)"),
            ("first_error", firstError.map(quoted) ?? "null"),
            ("daemon_cpu_cores", daemonCPUSeconds.map { Self.fixed($0 / options.duration, 3) } ?? "null"),
            ("client_cpu_cores", Self.fixed(clientCPUSeconds / options.duration, 3)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    private func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : "null"
    }
}
