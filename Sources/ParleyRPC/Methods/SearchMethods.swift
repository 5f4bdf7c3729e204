import ParleyCore
import ParleyStore

/// `search.messages` and `search.conversations`: full-text search over every live message and every live
/// conversation's title, best match first.
enum SearchMethods {
    static let all: [RPCMethod] = [messages, conversations]

    /// How a client marks matches: a terminal that recolours them asks for markers no text holds.
    private static let markParams = [
        ParamSpec(
            "mark_open", Schema.string,
            "put before each match (default \"[\"; at most \(SnippetStyle.maximumMarkLength) characters, no newline)"),
        ParamSpec("mark_close", Schema.string, "put after each match (default \"]\")"),
    ]

    static let messages = RPCMethod(
        name: "search.messages",
        summary:
            "Messages matching a query (words, \"phrases\", prefix*, AND/OR/NOT, NEAR), best first, with highlighted snippets and the branch of each hit that is off its conversation's current branch.",
        params: [
            ParamSpec("query", Schema.string, required: true),
            ParamSpec("conversation_id", Schema.id),
            ParamSpec("role", Schema.choice(MessageRole.allCases.map(\.rawValue))),
            ParamSpec("model", Schema.string),
            ParamSpec("tag", Schema.string, "only conversations with this tag"),
            ParamSpec(
                "source", Schema.string, "only messages from this source (a gateway token's name, an import format)"),
            ParamSpec("archived", Schema.boolean, "only archived conversations (true) or only the others (false)"),
            ParamSpec("since", Schema.time, "created at or after"),
            ParamSpec("until", Schema.time, "created before"),
            ParamSpec(
                "order", Schema.choice(SearchOrder.allCases.map(\.rawValue)),
                "relevance (bm25, the default) or recent (most recently stored first, rank 0; the default for a "
                    + "query of prefixes only)"),
            ParamSpec("limit", Schema.integer(minimum: 1, maximum: SearchRepository.maximumPageSize), "default 20"),
            ParamSpec("cursor", Schema.string, "from the previous page, asked with the same query and order"),
        ] + markParams,
        result: ResultSpec("page", Schema.list(of: "SearchHit", paged: true))
    ) { params, context in
        let filter = SearchFilter(
            conversationID: try params.optionalID("conversation_id"),
            role: try params.optionalChoice("role", of: MessageRole.self), model: try params.optionalString("model"),
            tag: try params.optionalString("tag"), since: try params.optionalTime("since"),
            until: try params.optionalTime("until"), source: try params.optionalString("source"),
            archived: try params.optionalBool("archived"))
        let page = try await context.store.search.messages(
            try params.string("query"), filter: filter, order: try params.optionalChoice("order", of: SearchOrder.self),
            limit: try params.optionalInteger("limit", in: 1...SearchRepository.maximumPageSize) ?? 20,
            cursor: try params.optionalString("cursor"), style: try snippetStyle(params))
        return ListPayload(items: page.items.map(SearchHitPayload.init), nextCursor: page.nextCursor)
    }

    static let conversations = RPCMethod(
        name: "search.conversations",
        summary: "Conversations whose title matches a query (the syntax of search.messages), best first, highlighted.",
        params: [
            ParamSpec("query", Schema.string, required: true),
            ParamSpec("archived", Schema.boolean, "only archived conversations (true) or only the others (false)"),
            ParamSpec("limit", Schema.integer(minimum: 1, maximum: SearchRepository.maximumPageSize), "default 20"),
        ] + markParams,
        result: ResultSpec("conversations", Schema.list(of: "ConversationHit", paged: false))
    ) { params, context in
        let hits = try await context.store.search.conversations(
            try params.string("query"), archived: try params.optionalBool("archived"),
            limit: try params.optionalInteger("limit", in: 1...SearchRepository.maximumPageSize) ?? 20,
            style: try snippetStyle(params))
        return ListPayload(items: hits.map(ConversationHitPayload.init), nextCursor: nil, paged: false)
    }

    /// The default style with the markers the call asked for; the store checks them.
    private static func snippetStyle(_ params: Params) throws(ParleyError) -> SnippetStyle {
        var style = SnippetStyle()
        if let open = try params.optionalString("mark_open") { style.open = open }
        if let close = try params.optionalString("mark_close") { style.close = close }
        return style
    }
}
