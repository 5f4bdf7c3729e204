import Foundation

/// `parley-exchange-bench generate|import|bulk|export|raw-export --option value…`: one step of
/// `exchange-bench.sh` per process, so each step's peak memory is its own. Each prints one line of
/// `key=value` results (see ``Report``).
let usage = """
    usage: parley-exchange-bench generate --out FILE (--messages N | --bytes B) [--messages-per-conversation M]
           parley-exchange-bench import --file FILE --database DB [--memory-map-bytes N]
           parley-exchange-bench bulk --messages N --database DB [--messages-per-conversation M]
           parley-exchange-bench export --database DB --format parley|markdown --out PATH
           parley-exchange-bench raw-export --database DB --out FILE

    """

let arguments = CommandLine.arguments.dropFirst()
do {
    guard let command = arguments.first, let options = Options(arguments.dropFirst()) else {
        throw UsageError("a subcommand and --name value options are needed")
    }
    switch command {
    case "generate": try generate(options)
    case "import": try await importFile(options)
    case "bulk": try await bulkInsert(options)
    case "export": try await export(options)
    case "raw-export": try rawExport(options)
    default: throw UsageError("unknown subcommand \(command)")
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data("parley-exchange-bench: \(error)\n\(usage)".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("parley-exchange-bench failed: \(error)\n".utf8))
    exit(1)
}
