import GRDB
import ParleyCore

/// Full-text search over message content and conversation titles, ranked by bm25.
///
/// Deleted messages, and messages of deleted conversations, never appear: the index holds only what is live
/// (triggers keep it so). Pages follow each other by a cursor on (rank, row), so a page never repeats a hit.
public struct SearchRepository: Sendable {
    let store: ParleyStore

    public static let maximumPageSize = 200

    /// Messages matching `queryText`, a page at a time. `order` defaults to the query's
    /// ``SearchQuery/defaultOrder``; in ``SearchOrder/recent`` order every hit's rank is 0.
    public func messages(
        _ queryText: String, filter: SearchFilter = SearchFilter(), order: SearchOrder? = nil, limit: Int = 20,
        cursor: String? = nil, style: SnippetStyle = SnippetStyle()
    ) async throws(ParleyError) -> Page<SearchHit> {
        let query = try SearchQuery(parsing: queryText)
        let limit = try FieldRules.limit(limit, maximum: Self.maximumPageSize)
        try FieldRules.source(filter.source)
        try style.validate()
        let order = order ?? query.defaultOrder
        var ranked = Self.rankedQuery(query, filter: filter, order: order, limit: limit, style: style)
        if let cursor {
            let after = try Cursor(decoding: cursor)
            switch order {
            case .relevance:
                let rank = try after.double(0)
                let rowID = try after.integer(1)
                ranked.conditions.append(
                    "(message_search.rank > ? OR (message_search.rank = ? AND message_search.rowid > ?))")
                ranked.arguments.append(contentsOf: [rank, rank, rowID] as [any DatabaseValueConvertible])
            case .recent:
                ranked.conditions.append("message_search.rowid < ?")
                ranked.arguments.append(try after.integer(0))
            }
        }
        let sql = ranked.sql
        let arguments = ranked.statementArguments
        return try await store.read { db in
            let rows = try Self.checkedQuery(query) { try Row.fetchAll(db, sql: sql, arguments: arguments) }
            let page = Array(rows.prefix(limit))
            let rowIDs: [Int64] = page.map { $0["row_id"] }
            let details = try Self.details(db, rowIDs: rowIDs)
            var branches = BranchLocator(db: db)
            let hits = try page.compactMap { row -> SearchHit? in
                let rowID: Int64 = row["row_id"]
                guard let detail = details[rowID] else { return nil }
                return SearchHit(
                    messageID: EntityID(trusted: detail["id"]),
                    conversationID: EntityID(trusted: detail["conversation_id"]),
                    conversationTitle: detail["title"] ?? "", role: try MessageRole(validating: detail["role"]),
                    model: detail["model"], source: detail["source"],
                    branch: try branches.branch(
                        of: detail["id"], conversationID: detail["conversation_id"],
                        headID: detail["head_message_id"]),
                    snippet: row["snippet"] ?? "", rank: row["rank"], createdAt: detail["created_at"])
            }
            let last = rows.count > limit ? page.last : nil
            let next = last.map { row in
                switch order {
                case .relevance: Cursor([.double(row["rank"]), .integer(row["row_id"])]).encoded
                case .recent: Cursor([.integer(row["row_id"])]).encoded
                }
            }
            return Page(items: hits, nextCursor: next)
        }
    }

    /// The ranking query: FTS5 alone when nothing is filtered (the index holds only live messages of live
    /// conversations, so there are no tombstones to skip), joined to `message`, and through it to
    /// `conversation`, only when a filter needs them.
    private static func rankedQuery(
        _ query: SearchQuery, filter: SearchFilter, order: SearchOrder, limit: Int, style: SnippetStyle
    ) -> RankedQuery {
        var ranked = RankedQuery(order: order, limit: limit, style: style, arguments: [query.ftsExpression])
        func require(_ condition: String, _ argument: any DatabaseValueConvertible) {
            ranked.joinsMessage = true
            ranked.conditions.append(condition)
            ranked.arguments.append(argument)
        }
        if let conversationID = filter.conversationID {
            require("message.conversation_id = ?", conversationID.rawValue)
        }
        if let role = filter.role { require("message.role = ?", role.rawValue) }
        if let model = filter.model { require("message.model = ?", model) }
        if let tag = filter.tag {
            require("message.conversation_id IN (SELECT conversation_id FROM conversation_tag WHERE tag = ?)", tag)
        }
        if let since = filter.since { require("message.created_at >= ?", since) }
        if let until = filter.until { require("message.created_at < ?", until) }
        if let source = filter.source { require("message.source = ?", source) }
        if let archived = filter.archived {
            require("conversation.archived = ?", archived)
            ranked.joinsConversation = true
        }
        return ranked
    }

    /// What the hits of one page show beside the snippet, by message row.
    private static func details(_ db: Database, rowIDs: [Int64]) throws -> [Int64: Row] {
        guard !rowIDs.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT message.row_id, message.id, message.conversation_id, conversation.title,
                    conversation.head_message_id, message.role, message.model, message.source, message.created_at
                FROM message LEFT JOIN conversation ON conversation.id = message.conversation_id
                WHERE message.row_id IN (\(databaseQuestionMarks(count: rowIDs.count)))
                """,
            arguments: StatementArguments(rowIDs))
        return Dictionary(rows.map { ($0["row_id"], $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Live conversations whose title matches, best first; only archived ones (`archived` true) or only the
    /// others (false) when asked.
    public func conversations(
        _ queryText: String, archived: Bool? = nil, limit: Int = 20, style: SnippetStyle = SnippetStyle()
    ) async throws(ParleyError) -> [ConversationHit] {
        let query = try SearchQuery(parsing: queryText)
        let limit = try FieldRules.limit(limit, maximum: Self.maximumPageSize)
        try style.validate()
        let archivedCondition = archived == nil ? "" : "AND conversation.archived = ?"
        let values: [(any DatabaseValueConvertible)?] = [style.open, style.close, query.ftsExpression, archived, limit]
        let arguments = StatementArguments(values.compactMap { $0?.databaseValue })
        return try await store.read { db in
            try Self.checkedQuery(query) {
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT conversation.id, conversation.title, conversation.archived, conversation.updated_at,
                            conversation_search.rank AS rank, highlight(conversation_search, 0, ?, ?) AS highlighted
                        FROM conversation_search
                        JOIN conversation ON conversation.row_id = conversation_search.rowid
                        WHERE conversation_search MATCH ? \(archivedCondition)
                        ORDER BY conversation_search.rank, conversation_search.rowid LIMIT ?
                        """,
                    arguments: arguments)
            }.map { row in
                ConversationHit(
                    conversationID: EntityID(trusted: row["id"]), title: row["title"],
                    highlighted: row["highlighted"], rank: row["rank"], archived: row["archived"],
                    updatedAt: row["updated_at"])
            }
        }
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
