import Foundation
import StreamBenchSupport

/// `parley-stream-bench`: streams the fake server's answers through a running `parley daemon` and straight
/// from `curl`, in one run, and prints what the daemon's relay adds as a Markdown table: time to first delta,
/// per-delta latency of spaced deltas one stream at a time, then deltas per second with many concurrent streams.
let options: StreamBenchOptions
do {
    options = try StreamBenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if !error.description.isEmpty { progress("parley-stream-bench: \(error)") }
    progress(StreamBenchOptions.usage)
    exit(2)
}

func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

func measure() throws(StreamFailure) -> CompletionTable {
    let spaced = StreamShape(deltas: options.deltas, gapMicroseconds: options.gapMicroseconds)
    let unspaced = StreamShape(deltas: options.throughputDeltas, gapMicroseconds: 0)
    let daemon = try DaemonStreamer(socketPath: options.socketPath, name: "latency")
    try daemon.ping()
    let direct = CurlStreamer(curl: options.curl, baseURL: options.baseURL)
    progress(
        "latency: \(options.rounds) streams per path of \(options.deltas) deltas \(options.gapMicroseconds) µs apart")
    let phase = try LatencyPhase.run([daemon, direct], shape: spaced, rounds: options.rounds)
    let latency = (daemon: phase[0], direct: phase[1])
    for (path, streams) in [("daemon", latency.daemon), ("curl", latency.direct)] where streams.failures > 0 {
        progress("\(path): \(streams.failures) streams failed; the first: \(streams.firstFailure ?? "?")")
    }
    guard !latency.daemon.records.isEmpty, !latency.direct.records.isEmpty else {
        throw StreamFailure(description: "no stream completed on one of the paths")
    }

    var clients: [any Streamer] = []
    for index in 0..<options.streams {
        clients.append(try DaemonStreamer(socketPath: options.socketPath, name: "throughput\(index)"))
    }
    let curls = (0..<options.streams).map { _ in CurlStreamer(curl: options.curl, baseURL: options.baseURL) }
    let daemonPID = daemon.peerProcessID
    var daemonRate = ThroughputPhase.Result()
    var directRate = ThroughputPhase.Result()
    // Two windows per path in the order daemon, curl, curl, daemon: load from elsewhere that comes or goes during
    // the phase falls on both paths alike.
    for throughDaemon in [true, false, false, true] {
        progress(
            "throughput: \(options.streams) concurrent streams of \(options.throughputDeltas) deltas for "
                + "\(options.duration / 2) s, \(throughDaemon ? "daemon" : "curl")")
        let window = ThroughputPhase.run(
            throughDaemon ? clients : curls, shape: unspaced, seconds: options.duration / 2,
            serverPID: options.serverPID,
            relayCPU: {
                throughDaemon ? daemonPID.flatMap(ProcessCPU.seconds(ofProcess:)) : ProcessCPU.seconds(children: true)
            })
        progress(
            "  \(Int(window.deltasPerSecond)) deltas/s, \(window.streams) streams completed, relay CPU "
                + CompletionTable.number(window.relayCPU / window.seconds, 2) + " cores")
        if throughDaemon { daemonRate.add(window) } else { directRate.add(window) }
    }
    for (path, rate) in [("daemon", daemonRate), ("curl", directRate)] where rate.failures > 0 {
        progress("\(path): \(rate.failures) streams failed; the first: \(rate.firstFailure ?? "?")")
    }
    return CompletionTable(
        options: options, daemon: latency.daemon, direct: latency.direct, daemonRate: daemonRate,
        directRate: directRate)
}

do {
    print(options.gatewayURL.isEmpty ? try measure().markdown : try GatewayRun.measure(options).markdown)
} catch {
    progress("parley-stream-bench: \(error)")
    exit(1)
}
