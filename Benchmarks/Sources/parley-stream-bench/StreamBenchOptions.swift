import Foundation

/// The command line of `parley-stream-bench`, parsed by hand so the tool needs nothing beyond Foundation.
struct StreamBenchOptions {
    var socketPath = ProcessInfo.processInfo.environment["PARLEY_SOCKET"] ?? ""
    /// The fake server's base URL, which the daemon was started with as `DEEPSEEK_BASE_URL`.
    var baseURL = ""
    var curl = "curl"
    /// Deltas per stream and microseconds between them in the latency phase: spaced, so each delta crosses an
    /// otherwise idle pipe.
    var deltas = 200
    var gapMicroseconds = 5_000
    /// Streams per path in the latency phase, one at a time, the paths alternating.
    var rounds = 20
    /// Concurrent streams per path in the throughput phase, each sent as fast as it is read.
    var streams = 16
    var throughputDeltas = 1_000
    var duration = 10.0
    /// The fake server's process id, to report its CPU in the throughput phase.
    var serverPID: Int32?
    /// The gateway run: Parley's OpenAI-compatible gateway (`http://127.0.0.1:PORT/v1`), a token it issued and
    /// the daemon's pid; LiteLLM's proxy in front of the same server, its master key and pid.
    var gatewayURL = ""
    var gatewayToken = ""
    var gatewayPID: Int32?
    var litellmURL = ""
    var litellmKey = ""
    var litellmPID: Int32?

    static let usage = """
        usage: parley-stream-bench --socket PATH --base-url URL [--curl PATH] [--deltas N] [--gap-us US]
                                   [--rounds R] [--streams S] [--throughput-deltas N] [--duration SECONDS]
                                   [--server-pid PID]
               parley-stream-bench --gateway URL --gateway-token T --base-url URL [--gateway-pid PID]
                                   [--litellm URL --litellm-key K [--litellm-pid PID]] [the same phase options]
          --socket             the daemon's socket (default: $PARLEY_SOCKET), started with DEEPSEEK_BASE_URL=URL
          --base-url           the fake server (parley-fake-deepseek), e.g. http://127.0.0.1:8123
          --curl               the curl program for the direct path (default curl)
          --deltas, --gap-us   latency phase: deltas per stream (default 200), microseconds apart (default 5000)
          --rounds             latency phase: streams per path, one at a time, alternating (default 20)
          --streams            throughput phase: concurrent streams per path (default 16)
          --throughput-deltas  throughput phase: deltas per stream, sent without a gap (default 1000)
          --duration           throughput phase: measured seconds per path, in two windows (default 10)
          --server-pid         the fake server's process, to report its CPU
          --gateway            instead of the daemon's socket: Parley's gateway, e.g. http://127.0.0.1:8300/v1,
                               with --gateway-token (a `parley token create` token) and the daemon's --gateway-pid
          --litellm            beside it: LiteLLM's proxy in front of the same server, with --litellm-key and
                               --litellm-pid
        Prints a Markdown table: each measure straight from curl, through the relay, and the difference.
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> StreamBenchOptions {
        var options = StreamBenchOptions()
        var rest = arguments[...]
        func value(_ name: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError(description: "\(name) needs a value") }
            return next
        }
        func number(_ name: String, atLeast minimum: Double) throws(UsageError) -> Double {
            let text = try value(name)
            guard let number = Double(text), number >= minimum else {
                throw UsageError(description: "\(name) must be a number of at least \(minimum), not \(text)")
            }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--socket": options.socketPath = try value(argument)
            case "--base-url": options.baseURL = try value(argument)
            case "--curl": options.curl = try value(argument)
            case "--deltas": options.deltas = Int(try number(argument, atLeast: 1))
            case "--gap-us": options.gapMicroseconds = Int(try number(argument, atLeast: 0))
            case "--rounds": options.rounds = Int(try number(argument, atLeast: 1))
            case "--streams": options.streams = Int(try number(argument, atLeast: 1))
            case "--throughput-deltas": options.throughputDeltas = Int(try number(argument, atLeast: 1))
            case "--duration": options.duration = try number(argument, atLeast: 0.1)
            case "--server-pid": options.serverPID = Int32(try number(argument, atLeast: 1))
            case "--gateway": options.gatewayURL = try value(argument)
            case "--gateway-token": options.gatewayToken = try value(argument)
            case "--gateway-pid": options.gatewayPID = Int32(try number(argument, atLeast: 1))
            case "--litellm": options.litellmURL = try value(argument)
            case "--litellm-key": options.litellmKey = try value(argument)
            case "--litellm-pid": options.litellmPID = Int32(try number(argument, atLeast: 1))
            case "-h", "--help": throw UsageError(description: "")
            default: throw UsageError(description: "unknown argument \(argument)")
            }
        }
        guard !options.socketPath.isEmpty || !options.gatewayURL.isEmpty else {
            throw UsageError(description: "--socket (or --gateway) is required")
        }
        guard !options.baseURL.isEmpty else { throw UsageError(description: "--base-url is required") }
        return options
    }
}
