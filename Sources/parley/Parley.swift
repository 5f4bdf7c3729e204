import ArgumentParser
import ParleyCore

/// The `parley` command: the daemon and every client subcommand.
@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Keep every DeepSeek conversation in one store, searchable and in sync across machines.",
        version: ParleyVersion.current,
        subcommands: [Doctor.self]
    )
}
