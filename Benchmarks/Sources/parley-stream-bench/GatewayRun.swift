import StreamBenchSupport

/// The gateway run of `parley-stream-bench`: the same answers straight from the server, through Parley's
/// OpenAI-compatible gateway and through LiteLLM's proxy, each read by `curl`, so the three paths differ only in
/// the relay.
enum GatewayRun {
    static func measure(_ options: StreamBenchOptions) throws(StreamFailure) -> GatewayTable {
        let spaced = StreamShape(deltas: options.deltas, gapMicroseconds: options.gapMicroseconds)
        let unspaced = StreamShape(deltas: options.throughputDeltas, gapMicroseconds: 0)
        func streamer(_ path: Int) -> CurlStreamer {
            switch path {
            case 1:
                CurlStreamer(
                    curl: options.curl, baseURL: options.gatewayURL, key: options.gatewayToken, uniquePrompts: true)
            case 2:
                CurlStreamer(curl: options.curl, baseURL: options.litellmURL, key: options.litellmKey)
            default:
                CurlStreamer(curl: options.curl, baseURL: options.baseURL)
            }
        }
        let paths = options.litellmURL.isEmpty ? [0, 1] : [0, 1, 2]
        let names = ["direct", "gateway", "litellm"]
        progress(
            "latency: \(options.rounds) streams per path (\(paths.map { names[$0] }.joined(separator: ", "))) of "
                + "\(options.deltas) deltas \(options.gapMicroseconds) µs apart")
        let latency = try LatencyPhase.run(paths.map(streamer), shape: spaced, rounds: options.rounds)
        var rates = Array(repeating: ThroughputPhase.Result(), count: paths.count)
        // Two windows per path, the second pass in reverse order, so load from elsewhere falls on all alike.
        for path in paths + paths.reversed() {
            progress("throughput: \(options.streams) concurrent streams of \(options.throughputDeltas) deltas, \(names[path])")
            let window = ThroughputPhase.run(
                (0..<options.streams).map { _ in streamer(path) }, shape: unspaced, seconds: options.duration / 2,
                serverPID: options.serverPID,
                relayCPU: {
                    switch path {
                    case 1: options.gatewayPID.flatMap(ProcessCPU.seconds(ofProcess:))
                    case 2: options.litellmPID.flatMap(ProcessCPU.seconds(ofProcess:))
                    default: nil
                    }
                })
            progress("  \(Int(window.deltasPerSecond)) deltas/s, \(window.streams) streams, \(window.failures) failed")
            if let failure = window.firstFailure { progress("  first failure: \(failure)") }
            rates[path].add(window)
        }
        for path in paths where latency[path].failures > 0 {
            progress("\(names[path]): \(latency[path].failures) streams failed: \(latency[path].firstFailure ?? "?")")
        }
        return GatewayTable(
            options: options, direct: .init(latency: latency[0], rate: rates[0]),
            gateway: .init(latency: latency[1], rate: rates[1]),
            litellm: paths.count > 2 ? .init(latency: latency[2], rate: rates[2]) : nil)
    }
}
