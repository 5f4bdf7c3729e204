import GRDB
import ParleyCore

/// Full-text search over message content and conversation titles, ranked by bm25.
///
/// Deleted messages, and messages of deleted conversations, never appear. Pages follow each other by a cursor
/// on (rank, row), so a page never repeats a hit of an earlier one.
public struct SearchRepository: Sendable {
    let store: ParleyStore

    public static let maximumPageSize = 200

    public func messages(
        _ queryText: String, filter: SearchFilter = SearchFilter(), limit: Int = 20, cursor: String? = nil,
        style: SnippetStyle = SnippetStyle()
    ) async throws(ParleyError) -> Page<SearchHit> {
        let query = try SearchQuery(parsing: queryText)
        let limit = try FieldRules.limit(limit, maximum: Self.maximumPageSize)
        var conditions = ["message_search MATCH ?", "message.deleted = 0", "conversation.deleted = 0"]
        var arguments: [any DatabaseValueConvertible] = [query.ftsExpression]
        if let conversationID = filter.conversationID {
            conditions.append("message.conversation_id = ?")
            arguments.append(conversationID.rawValue)
        }
        if let role = filter.role {
            conditions.append("message.role = ?")
            arguments.append(role.rawValue)
        }
        if let model = filter.model {
            conditions.append("message.model = ?")
            arguments.append(model)
        }
        if let tag = filter.tag {
            conditions.append("message.conversation_id IN (SELECT conversation_id FROM conversation_tag WHERE tag = ?)")
            arguments.append(tag)
        }
        if let since = filter.since {
            conditions.append("message.created_at >= ?")
            arguments.append(since)
        }
        if let until = filter.until {
            conditions.append("message.created_at < ?")
            arguments.append(until)
        }
        if let cursor {
            let after = try Cursor(decoding: cursor)
            let rank = try after.double(0)
            conditions.append("(message_search.rank > ? OR (message_search.rank = ? AND message.row_id > ?))")
            let rowID = try after.integer(1)
            arguments.append(contentsOf: [rank, rank, rowID] as [any DatabaseValueConvertible])
        }
        let sql = """
            SELECT message.row_id, message.id, message.conversation_id, conversation.title, message.role,
                message.model, message.created_at, message_search.rank AS rank
            FROM message_search
            JOIN message ON message.row_id = message_search.rowid
            JOIN conversation ON conversation.id = message.conversation_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY message_search.rank, message.row_id
            LIMIT \(limit + 1)
            """
        let statementArguments = StatementArguments(arguments.map { $0.databaseValue })
        let fts = query.ftsExpression
        return try await store.read { db in
            let rows = try Self.checkedQuery(query) { try Row.fetchAll(db, sql: sql, arguments: statementArguments) }
            let page = Array(rows.prefix(limit))
            let snippets = try Self.snippets(db, fts: fts, rowIDs: page.map { $0["row_id"] }, style: style)
            let hits = try page.map { row in
                let rowID: Int64 = row["row_id"]
                return SearchHit(
                    messageID: EntityID(trusted: row["id"]), conversationID: EntityID(trusted: row["conversation_id"]),
                    conversationTitle: row["title"], role: try MessageRole(validating: row["role"]),
                    model: row["model"], snippet: snippets[rowID] ?? "", rank: row["rank"],
                    createdAt: row["created_at"])
            }
            let last = rows.count > limit ? page.last : nil
            let next = last.map { row in Cursor([.double(row["rank"]), .integer(row["row_id"])]).encoded }
            return Page(items: hits, nextCursor: next)
        }
    }

    /// Live conversations whose title matches, best first.
    public func conversations(
        _ queryText: String, limit: Int = 20, style: SnippetStyle = SnippetStyle()
    ) async throws(ParleyError) -> [ConversationHit] {
        let query = try SearchQuery(parsing: queryText)
        let limit = try FieldRules.limit(limit, maximum: Self.maximumPageSize)
        return try await store.read { db in
            try Self.checkedQuery(query) {
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT conversation.id, conversation.title, conversation_search.rank AS rank,
                            highlight(conversation_search, 0, ?, ?) AS highlighted
                        FROM conversation_search
                        JOIN conversation ON conversation.row_id = conversation_search.rowid
                        WHERE conversation_search MATCH ? AND conversation.deleted = 0
                        ORDER BY conversation_search.rank LIMIT ?
                        """,
                    arguments: [style.open, style.close, query.ftsExpression, limit])
            }.map { row in
                ConversationHit(
                    conversationID: EntityID(trusted: row["id"]), title: row["title"],
                    highlighted: row["highlighted"], rank: row["rank"])
            }
        }
    }

    /// Snippets for the rows of one page only: computing them inside the ranked query would build one for
    /// every match before the LIMIT applies.
    private static func snippets(
        _ db: Database, fts: String, rowIDs: [Int64], style: SnippetStyle
    ) throws -> [Int64: String] {
        guard !rowIDs.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT rowid, snippet(message_search, 0, ?, ?, ?, \(max(1, min(style.tokens, 64)))) AS snippet
                FROM message_search
                WHERE message_search MATCH ? AND rowid IN (\(databaseQuestionMarks(count: rowIDs.count)))
                """,
            arguments: StatementArguments([style.open, style.close, style.ellipsis, fts])
                + StatementArguments(rowIDs))
        return Dictionary(rows.map { ($0["rowid"], $0["snippet"]) }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs an FTS query, turning an FTS5 syntax complaint (which the parser should already prevent) into a
    /// query error rather than an SQLite message.
    private static func checkedQuery<T>(_ query: SearchQuery, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
            throw ParleyError.invalidQuery(
                query: query.text, position: 1, problem: "the search engine could not read it; simplify the query")
        }
    }
}
