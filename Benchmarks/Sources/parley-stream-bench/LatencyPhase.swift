import StreamBenchSupport

/// Streams spaced deltas one stream at a time, taking the paths in turn stream by stream (and starting each round
/// with the next path), so load from elsewhere on the machine falls on all alike.
enum LatencyPhase {
    static func run(_ paths: [any Streamer], shape: StreamShape, rounds: Int) throws(StreamFailure) -> [PathStreams] {
        // One untimed stream each: the daemon's first transfer opens its connection to the server, and the first
        // `curl` loads its libraries from disk.
        for path in paths { _ = try path.stream(shape) }
        var streams = Array(repeating: PathStreams(), count: paths.count)
        for round in 0..<rounds {
            for step in paths.indices {
                let index = (round + step) % paths.count
                streams[index].add(try paths[index].stream(shape))
            }
        }
        return streams
    }
}
