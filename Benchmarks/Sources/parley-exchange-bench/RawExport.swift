import Foundation
import GRDBSQLite

/// `raw-export --database DB --out FILE`: the export's anchor. SQLite's C API reads every `message` row of the
/// same database, in conversation order by the index the store keeps, and SQLite's own `json_object` makes
/// each row (every column the table has) one line of JSON, written through a 1 MiB buffer and synced at the
/// end as the exporter's file is: the floor of getting the messages out as JSON, with no entity states,
/// no Swift types and no per-conversation reads.
func rawExport(_ options: Options) throws {
    let out = try options.path("out")
    var db: OpaquePointer?
    guard sqlite3_open_v2(try options.path("database"), &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let db else {
        throw UsageError("cannot open the database")
    }
    defer { sqlite3_close(db) }
    let memory = MemoryPeak()
    let start = ContinuousClock.now
    let columns = try rows(db, "SELECT name FROM pragma_table_info('message')")
    let object = columns.map { "'\($0)', \($0)" }.joined(separator: ", ")
    let descriptor = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw UsageError("cannot create \(out)") }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(2 << 20)
    var written = 0
    func flush() throws {
        let count = buffer.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard count == buffer.count else { throw UsageError("cannot write \(out)") }
        written += count
        buffer.removeAll(keepingCapacity: true)
    }
    var messages = 0
    try each(db, "SELECT json_object(\(object)) FROM message ORDER BY conversation_id, created_at") { line in
        buffer.append(contentsOf: line)
        buffer.append(UInt8(ascii: "\n"))
        messages += 1
        if buffer.count >= 1 << 20 { try flush() }
    }
    try flush()
    fsync(descriptor)
    close(descriptor)
    let elapsed = seconds(since: start)
    var report = Report()
    report.add("messages", messages)
    report.add("files", 1)
    report.add("bytes", written)
    report.add("seconds", elapsed)
    report.add("rate", Double(messages) / elapsed)
    report.add(memory)
    report.print()
}

/// The first column of every row, as text.
private func rows(_ db: OpaquePointer, _ sql: String) throws -> [String] {
    var values: [String] = []
    try each(db, sql) { values.append(String(decoding: $0, as: UTF8.self)) }
    return values
}

/// Calls `body` with the bytes of the first column of each row, valid only during the call.
private func each(_ db: OpaquePointer, _ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
        throw UsageError("SQLite: \(String(cString: sqlite3_errmsg(db)))")
    }
    defer { sqlite3_finalize(statement) }
    while true {
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            let count = Int(sqlite3_column_bytes(statement, 0))
            try body(UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 0), count: count))
        case SQLITE_DONE:
            return
        default:
            throw UsageError("SQLite: \(String(cString: sqlite3_errmsg(db)))")
        }
    }
}
