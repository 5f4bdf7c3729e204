import GRDB

/// The SQL that ranks a search's matches, built from the query and its filters.
struct RankedQuery {
    var order: SearchOrder
    var limit: Int
    var arguments: [any DatabaseValueConvertible]
    var conditions = ["message_search MATCH ?"]
    /// The snippets come with the rows. SQLite builds them only for the rows the LIMIT keeps (adding them
    /// costs what 21 snippets cost, not one per match), and a second query for them would walk every match
    /// again to find the page's rows.
    var style: SnippetStyle
    /// Whether a condition reads `message`, so the query must join it.
    var joinsMessage = false
    /// Whether a condition reads `conversation`, which is joined through `message`.
    var joinsConversation = false

    init(order: SearchOrder, limit: Int, style: SnippetStyle, arguments: [any DatabaseValueConvertible]) {
        self.order = order
        self.limit = limit
        self.style = style
        self.arguments = arguments
    }

    var sql: String {
        var joins: [String] = []
        if joinsMessage || joinsConversation { joins.append("JOIN message ON message.row_id = message_search.rowid") }
        if joinsConversation { joins.append("JOIN conversation ON conversation.id = message.conversation_id") }
        // In recency order no hit is scored: bm25's first call reads every match of every phrase.
        let (rank, ordering) =
            switch order {
            case .relevance: ("message_search.rank", "message_search.rank, message_search.rowid")
            case .recent: ("0.0", "message_search.rowid DESC")
            }
        return """
            SELECT message_search.rowid AS row_id, \(rank) AS rank,
                snippet(message_search, 0, ?, ?, ?, \(style.contextTokens)) AS snippet
            FROM message_search \(joins.joined(separator: " "))
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(ordering)
            LIMIT \(limit + 1)
            """
    }

    /// The values of the statement's placeholders, in the order ``sql`` names them.
    var statementArguments: StatementArguments {
        StatementArguments([style.open, style.close, style.ellipsis])
            + StatementArguments(arguments.map { $0.databaseValue })
    }
}
