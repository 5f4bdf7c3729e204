import GRDBSQLite

/// A prepared statement of ``RawStore`` (and of other raw floors), bound and stepped through the C API.
public final class RawStatement {
    private let db: OpaquePointer
    private let statement: OpaquePointer

    /// SQLite's `SQLITE_TRANSIENT`: copy bound text, since Swift strings' buffers do not outlive the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public init(_ db: OpaquePointer, _ sql: String) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else {
            throw RawStoreError(message: String(cString: sqlite3_errmsg(db)))
        }
        self.db = db
        self.statement = statement
    }

    public func finalize() {
        sqlite3_finalize(statement)
    }

    public func reset() {
        sqlite3_reset(statement)
    }

    public func bind(_ index: Int32, _ text: String?) {
        if let text {
            sqlite3_bind_text(statement, index, text, -1, Self.transient)
        } else {
            sqlite3_bind_null(statement, index)
        }
    }

    public func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
    }

    func text(_ column: Int32) -> String {
        sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
    }

    func integer(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    func double(_ column: Int32) -> Double {
        sqlite3_column_double(statement, column)
    }

    /// Steps once: true while a row is available, false when done.
    public func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw RawStoreError(message: String(cString: sqlite3_errmsg(db)))
        }
    }

    /// Runs a statement that returns no rows.
    public func run() throws {
        reset()
        _ = try step()
    }
}
