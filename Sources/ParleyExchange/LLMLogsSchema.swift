import GRDB

/// Which of llm's tables and columns a `logs.db` has: columns appeared over llm's versions (`reasoning` in
/// 0.27, `resolved_model`, `token_details`, the fragments and tools tables), so each query names only what is
/// there and reads the rest as NULL.
struct LLMLogsSchema: Sendable {
    private var columns: [String: Set<String>]

    init(_ db: Database) throws {
        var columns: [String: Set<String>] = [:]
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        for table in tables {
            let rows = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.quotedDatabaseIdentifier))")
            columns[table.lowercased()] = Set(rows.compactMap { $0.llmText("name")?.lowercased() })
        }
        self.columns = columns
    }

    func has(_ table: String) -> Bool { columns[table] != nil }

    func has(_ table: String, _ column: String) -> Bool { columns[table]?.contains(column) ?? false }

    /// The ≤0.31 generation: a `responses` table.
    var hasLegacyTables: Bool { has("responses") }

    /// The 0.32+ generation: messages, their parts, threads and turns.
    var hasMessageTables: Bool { has("messages") && has("parts") && has("threads") && has("turns") }

    /// A select list of `wanted` columns of `table` (aliased `prefix.`), with NULL for each column it lacks.
    func selectList(_ wanted: [String], of table: String, alias: String? = nil) -> String {
        wanted.map { column in
            let quoted = column.quotedDatabaseIdentifier
            guard has(table, column) else { return "NULL AS \(quoted)" }
            return alias.map { "\($0).\(quoted) AS \(quoted)" } ?? quoted
        }.joined(separator: ", ")
    }
}
