/// Where Parley keeps its data, decided from the environment as DESIGN.md says.
///
/// Pure: it reads only the environment it is given, so tests can try every case.
public struct ParleyPaths: Sendable, Equatable {
    /// The data folder: `$PARLEY_HOME`, else `$XDG_DATA_HOME/parley`, else `~/.local/share/parley`.
    public var dataFolder: String

    /// The database file inside the data folder.
    public var databasePath: String { dataFolder + "/parley.sqlite" }

    public init(environment: [String: String]) {
        if let home = environment["PARLEY_HOME"], !home.isEmpty {
            dataFolder = Self.trimmed(home)
        } else if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataFolder = Self.trimmed(xdg) + "/parley"
        } else {
            dataFolder = Self.trimmed(environment["HOME"] ?? "") + "/.local/share/parley"
        }
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
