import Foundation

/// The command line of `parley-remote-bench`, parsed by hand like the other tools of this package.
struct RemoteBenchOptions {
    /// The history both devices hold before the one-message rounds.
    var history = 10_000
    /// Timed one-message rounds per target, after ``warmUp`` untimed ones.
    var rounds = 30
    var warmUp = 3
    /// Messages of the bulk export to each target.
    var bulkMessages = 100_000
    /// `rclone copy --transfers` for the bulk upload, and how many times it is run per target.
    var transfers = 4
    var bulkRepeats = 3
    /// Messages of the export whose peak memory is measured; 0 skips it.
    var memoryMessages = 1_000_000
    var rclone = "rclone"
    /// Where the databases, the local target and the scratch files go; removed when the run ends.
    var workspace = FileManager.default.temporaryDirectory.appendingPathComponent(
        "parley-remote-bench-\(ProcessInfo.processInfo.processIdentifier)")
    /// `--memory-child DATABASE URL`: run as the child of the memory measurement, with `--memory-map-bytes N`
    /// as the store's `memoryMapBytes` when given (else the store's default).
    var memoryChild: (database: String, url: String)?
    var memoryMapBytes: Int?

    static let usage = """
        usage: parley-remote-bench [--history N] [--rounds R] [--warm-up W] [--bulk-messages B] [--transfers T]
                                   [--bulk-repeats K] [--memory-messages M] [--rclone PATH] [--workspace DIR]
          --history          messages both devices hold before the one-message rounds (default 10000)
          --rounds           timed one-message rounds per target (default 30), after --warm-up untimed ones (3)
          --bulk-messages    messages of the bulk export to each target (default 100000)
          --transfers        rclone copy --transfers for the bulk upload (default 4)
          --bulk-repeats     rclone copies of the bulk segments per target; the median is shown (default 3)
          --memory-messages  messages exported to S3 by a child process whose peak memory is read (default
                             1000000; 0 skips it)
          --rclone           the rclone to run (default: rclone on PATH)
          --workspace        scratch folder, removed at the end (default: a new folder in the temp folder)
        The servers (sshd, WsgiDAV, Apache mod_dav, SeaweedFS) come from the main package's test support and
        need what `make test-deps` installs.
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> RemoteBenchOptions {
        var options = RemoteBenchOptions()
        var rest = arguments[...]
        func value(_ name: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError(description: "\(name) needs a value") }
            return next
        }
        func count(_ name: String, least: Int = 1) throws(UsageError) -> Int {
            let text = try value(name)
            guard let number = Int(text), number >= least else {
                throw UsageError(description: "\(name) must be a whole number of at least \(least), not \(text)")
            }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--history": options.history = try count(argument)
            case "--rounds": options.rounds = try count(argument)
            case "--warm-up": options.warmUp = try count(argument)
            case "--bulk-messages": options.bulkMessages = try count(argument)
            case "--transfers": options.transfers = try count(argument)
            case "--bulk-repeats": options.bulkRepeats = try count(argument)
            case "--memory-messages": options.memoryMessages = try count(argument, least: 0)
            case "--rclone": options.rclone = try value(argument)
            case "--workspace": options.workspace = URL(fileURLWithPath: try value(argument))
            case "--memory-child": options.memoryChild = (try value(argument), try value(argument))
            case "--memory-map-bytes": options.memoryMapBytes = try count(argument, least: 0)
            case "-h", "--help": throw UsageError(description: "")
            default: throw UsageError(description: "unknown argument \(argument)")
            }
        }
        return options
    }
}
