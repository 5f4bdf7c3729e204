import ArgumentParser
import ParleyCore

/// The `parley` command: the daemon and every client subcommand.
@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Keep every DeepSeek conversation in one store, searchable and in sync across machines.",
        version: ParleyVersion.current,
        subcommands: [
            Daemon.self, Status.self, New.self, List.self, Show.self, Say.self, Search.self, Usage.self, Drafts.self,
            Remove.self, Restore.self, Watch.self, Doctor.self, Ask.self, Continue.self, Fim.self, Sync.self,
            Token.self, Import.self, Export.self,
        ]
    )
}
