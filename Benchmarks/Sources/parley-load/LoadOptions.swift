import Foundation

/// The command line of `parley-load`, parsed by hand so the tool needs nothing beyond Foundation.
struct LoadOptions {
    var socketPath = ProcessInfo.processInfo.environment["PARLEY_SOCKET"] ?? ""
    var connections = 16
    var pipeline = 1
    var duration = 10.0
    /// Seconds of load before measuring starts, so connection setup and cold caches do not count.
    var warmup = 1.0
    var method = LoadMethod.ping
    /// Bytes of message content, the same on both sides as redis-benchmark's `-d` (3 by default there too).
    var valueBytes = 3
    /// Messages appended during setup for `get` to fetch at random.
    var keys = 10_000
    var json = false

    static let usage = """
        usage: parley-load --socket PATH [--connections N] [--pipeline DEPTH] [--duration SECONDS]
                           [--warmup SECONDS] [--method get|append|ping] [--value-bytes B] [--keys K] [--json]
          --socket       the daemon's socket (default: $PARLEY_SOCKET)
          --connections  connections, one thread each (default 16)
          --pipeline     requests each connection keeps outstanding (default 1)
          --duration     measured seconds (default 10), after --warmup seconds of unmeasured load (default 1)
          --method       ping (system.ping), get (message.get of random setup messages) or append
                         (message.append to one conversation per connection); default ping
          --value-bytes  message content bytes for append and get (default 3, as redis-benchmark -d)
          --keys         messages appended during setup for get to choose from (default 10000)
          --json         print one JSON object instead of the text report
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> LoadOptions {
        var options = LoadOptions()
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
            case "--connections": options.connections = Int(try number(argument, atLeast: 1))
            case "--pipeline": options.pipeline = Int(try number(argument, atLeast: 1))
            case "--duration": options.duration = try number(argument, atLeast: 0.1)
            case "--warmup": options.warmup = try number(argument, atLeast: 0)
            case "--value-bytes": options.valueBytes = Int(try number(argument, atLeast: 1))
            case "--keys": options.keys = Int(try number(argument, atLeast: 1))
            case "--json": options.json = true
            case "--method":
                let name = try value(argument)
                guard let method = LoadMethod(rawValue: name) else {
                    throw UsageError(description: "--method must be get, append or ping, not \(name)")
                }
                options.method = method
            case "-h", "--help": throw UsageError(description: "")
            default: throw UsageError(description: "unknown argument \(argument)")
            }
        }
        guard !options.socketPath.isEmpty else { throw UsageError(description: "--socket is required") }
        return options
    }
}
