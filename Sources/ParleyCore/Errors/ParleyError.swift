/// Every failure Parley reports to a caller: what was wrong, with the value and the rule, and what to do.
///
/// The cases map one-to-one onto the daemon's JSON-RPC error codes (see ``code``), so a library caller and a
/// socket client read the same error.
public enum ParleyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value broke a rule: `field` is the dotted path of the field (`settings.temperature`).
    case invalidValue(field: String, value: String, rule: String)
    /// No live entity of that kind has that id.
    case notFound(entity: String, id: String)
    /// A draft was saved or deleted with a revision that is no longer the current one.
    case revisionConflict(draftID: String, expected: Int, current: Int)
    /// A search query that cannot be parsed; `position` is a 1-based character offset.
    case invalidQuery(query: String, position: Int, problem: String)
    /// A configured limit was reached.
    case limitExceeded(what: String, limit: Int)
    /// The database file cannot be used (not SQLite, corrupt, or unreadable); it was left untouched.
    case databaseUnreadable(path: String, reason: String)
    /// The database's schema history does not match this binary's migrations; nothing was migrated.
    case migrationRefused(path: String, reason: String)
    /// SQLite failed in a way the caller cannot fix by changing the request.
    case storage(reason: String)
    /// A write found no room on the disk that holds `folder` (full, over quota, or past the largest file size):
    /// nothing of it was kept, everything written before is intact, and the same write succeeds once space is
    /// freed. `reason` is what the system or SQLite said.
    case diskFull(folder: String, reason: String)
    /// Sync could not run or refused something it read: `path` names the file or folder of the target when
    /// one is at fault.
    case sync(path: String?, reason: String)

    /// The JSON-RPC error code of DESIGN.md for this error.
    public var code: Int {
        switch self {
        case .invalidValue, .invalidQuery: -32602
        case .notFound: -32001
        case .revisionConflict: -32002
        case .limitExceeded: -32005
        case .databaseUnreadable, .migrationRefused, .storage: -32006
        case .sync: -32004
        case .diskFull: -32007
        }
    }

    public var description: String {
        switch self {
        case let .invalidValue(field, value, rule):
            "invalid \(field): \(Self.quoted(value)) \(rule)"
        case let .notFound(entity, id):
            "no \(entity) with id \(id)"
        case let .revisionConflict(draftID, expected, current):
            "draft \(draftID) was changed elsewhere: you saved over revision \(expected) but the current revision is "
                + "\(current); get the draft again, merge your text, and save with revision \(current)"
        case let .invalidQuery(query, position, problem):
            "invalid search query \(Self.quoted(query)) at character \(position): \(problem)"
        case let .limitExceeded(what, limit):
            "\(what) is over the limit of \(limit)"
        case let .databaseUnreadable(path, reason):
            "cannot open the database \(path): \(reason); the file was left as it is"
        case let .migrationRefused(path, reason):
            "refusing to use the database \(path): \(reason); nothing was changed"
        case let .storage(reason):
            "storage failure: \(reason)"
        case let .sync(path, reason):
            path.map { "sync: \($0): \(reason)" } ?? "sync: \(reason)"
        case let .diskFull(folder, reason):
            "no room to write in \(folder): \(reason); free some space there and try again, no restart is needed"
        }
    }

    /// Quotes a value for a message, shortening very long ones so an error never echoes megabytes back.
    static func quoted(_ value: String) -> String {
        let limit = 120
        guard value.count > limit else { return "\"\(value)\"" }
        return "\"\(value.prefix(limit))…\" (\(value.utf8.count) bytes)"
    }
}
