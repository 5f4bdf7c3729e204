import Foundation

/// The command line of `parley-sync-bench`, parsed by hand like the other tools of this package.
struct SyncBenchOptions {
    /// Messages of the bulk export and import, and of the raw floor beside them.
    var messages = 1_000_000
    /// One-message rounds per history size.
    var rounds = 20
    /// The size at which an encrypted export and import are set beside unencrypted ones (at most `messages`).
    var encryptedMessages = 100_000
    /// Where the databases and targets go; removed when the run ends.
    var workspace = FileManager.default.temporaryDirectory.appendingPathComponent(
        "parley-sync-bench-\(ProcessInfo.processInfo.processIdentifier)")

    /// History sizes of the one-message rounds: those of the design's question, up to the bulk size.
    var roundSizes: [Int] {
        [10_000, 100_000, 1_000_000].filter { $0 <= messages }
    }

    static let usage = """
        usage: parley-sync-bench [--messages N] [--rounds R] [--encrypted-messages E] [--workspace DIR]
          --messages            messages exported and imported in bulk, and inserted by the raw floor
                                (default 1000000); the one-message rounds run at 10k, 100k and 1M up to it
          --rounds              one-message rounds per history size (default 20)
          --encrypted-messages  size of the encrypted export and import beside unencrypted ones (default 100000)
          --workspace           scratch folder for databases and targets, removed at the end
                                (default: a new folder in the temp folder)
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> SyncBenchOptions {
        var options = SyncBenchOptions()
        var rest = arguments[...]
        func value(_ name: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError(description: "\(name) needs a value") }
            return next
        }
        func count(_ name: String) throws(UsageError) -> Int {
            let text = try value(name)
            guard let number = Int(text), number >= 1 else {
                throw UsageError(description: "\(name) must be a whole number of at least 1, not \(text)")
            }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--messages": options.messages = try count(argument)
            case "--rounds": options.rounds = try count(argument)
            case "--encrypted-messages": options.encryptedMessages = try count(argument)
            case "--workspace": options.workspace = URL(fileURLWithPath: try value(argument))
            case "-h", "--help": throw UsageError(description: "")
            default: throw UsageError(description: "unknown argument \(argument)")
            }
        }
        options.encryptedMessages = min(options.encryptedMessages, options.messages)
        return options
    }
}
