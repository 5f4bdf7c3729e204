/// Why an llm `logs.db` cannot be read at all; a single damaged conversation is an ``ImportItemFailure`` instead.
public enum LLMLogsFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is missing or cannot be opened for reading.
    case unreadable(path: String, reason: String)
    /// The file does not start with SQLite's header, so SQLite is never asked to open it.
    case notSQLite(path: String)
    /// An SQLite database without the tables either generation of llm creates.
    case notLLMLogs(path: String)
    /// SQLite failed while reading the file's tables.
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path) cannot be read: \(reason)"
        case let .notSQLite(path):
            "\(path) is not an llm logs.db: it does not start with \"SQLite format 3\", so it is not an SQLite "
                + "database (llm keeps its log at ~/.config/io.datasette.llm/logs.db; `llm logs path` prints it)"
        case let .notLLMLogs(path):
            "\(path) is not an llm logs.db: expected a table responses or messages/parts/threads/turns "
                + "(`llm logs path` prints where llm keeps its log)"
        case let .database(path, message):
            "\(path) could not be read as an llm logs.db: \(message)"
        }
    }
}
