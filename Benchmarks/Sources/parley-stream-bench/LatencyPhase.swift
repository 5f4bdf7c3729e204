import StreamBenchSupport

/// Streams spaced deltas one stream at a time, alternating the two paths stream by stream (and which goes
/// first, round by round), so load from elsewhere on the machine falls on both alike.
enum LatencyPhase {
    static func run(
        daemon: DaemonStreamer, direct: CurlStreamer, shape: StreamShape, rounds: Int
    ) throws(StreamFailure) -> (daemon: PathStreams, direct: PathStreams) {
        // One untimed stream each: the daemon's first transfer opens its connection to the server, and the first
        // `curl` loads its libraries from disk.
        _ = try daemon.stream(shape)
        _ = try direct.stream(shape)
        var daemonStreams = PathStreams()
        var directStreams = PathStreams()
        for round in 0..<rounds {
            if round % 2 == 0 {
                daemonStreams.add(try daemon.stream(shape))
                directStreams.add(try direct.stream(shape))
            } else {
                directStreams.add(try direct.stream(shape))
                daemonStreams.add(try daemon.stream(shape))
            }
        }
        return (daemonStreams, directStreams)
    }
}
