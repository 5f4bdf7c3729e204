import ArgumentParser
import Foundation
import ParleyCore

/// Options every subcommand that opens the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The database file (default: $PARLEY_HOME/parley.sqlite, else the XDG data folder).")
    var database: String?

    /// The database path: the option, else the one ``ParleyPaths`` derives from the environment.
    var databasePath: String {
        database ?? ParleyPaths(environment: ProcessInfo.processInfo.environment).databasePath
    }
}
