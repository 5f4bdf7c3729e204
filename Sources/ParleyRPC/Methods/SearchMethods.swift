import ParleyCore
import ParleyStore

/// `search.messages`: full-text search over every live message, best match first.
enum SearchMethods {
    static let all: [RPCMethod] = [messages]

    static let messages = RPCMethod(
        name: "search.messages",
        summary:
            "Messages matching a query (words, \"phrases\", prefix*, AND/OR/NOT, NEAR), best first, with highlighted snippets.",
        params: [
            ParamSpec("query", Schema.string, required: true),
            ParamSpec("conversation_id", Schema.id),
            ParamSpec("role", Schema.choice(MessageRole.allCases.map(\.rawValue))),
            ParamSpec("model", Schema.string),
            ParamSpec("tag", Schema.string, "only conversations with this tag"),
            ParamSpec("since", Schema.time, "created at or after"),
            ParamSpec("until", Schema.time, "created before"),
            ParamSpec("limit", Schema.integer(minimum: 1, maximum: SearchRepository.maximumPageSize), "default 20"),
            ParamSpec("cursor", Schema.string),
        ],
        result: ResultSpec("page", Schema.list(of: "SearchHit", paged: true))
    ) { params, context in
        let filter = SearchFilter(
            conversationID: try params.optionalID("conversation_id"),
            role: try params.optionalChoice("role", of: MessageRole.self), model: try params.optionalString("model"),
            tag: try params.optionalString("tag"), since: try params.optionalTime("since"),
            until: try params.optionalTime("until"))
        let page = try await context.store.search.messages(
            try params.string("query"), filter: filter,
            limit: try params.optionalInteger("limit", in: 1...SearchRepository.maximumPageSize) ?? 20,
            cursor: try params.optionalString("cursor"))
        return ListPayload(items: page.items.map(SearchHitPayload.init), nextCursor: page.nextCursor)
    }
}
