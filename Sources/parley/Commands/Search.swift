import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley search QUERY`: full-text search over every message and every conversation's title.
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search every message: words, \"phrases\", prefix*, AND/OR/NOT, NEAR(a b, 5).",
            discussion: """
                Prints the conversations whose title matches, then the matching messages grouped by \
                conversation; a message off its conversation's current branch says which branch it is on \
                (branch 2/3 off 0f8e1a2b). The titles are left out with --flat, or when a filter other than \
                --archived narrows the messages.
                """)

        @OptionGroup var client: ClientOptions

        @Argument(help: "The query.")
        var query: String

        @Option(name: .long, help: "Only this conversation (id or prefix).")
        var conversation: String?

        @Option(name: .long, help: "Only messages of this role.")
        var role: String?

        @Option(name: .long, help: "Only messages of this model.")
        var model: String?

        @Option(name: .long, help: "Only conversations with this tag.")
        var tag: String?

        @Option(name: .long, help: "Only messages from this source (a gateway token's name, an import format).")
        var source: String?

        @Flag(
            inversion: .prefixedNo,
            help: "Only archived conversations (--archived) or only the others (--no-archived); both by default.")
        var archived: Bool?

        @Option(name: .long, help: "Created at or after (RFC 3339, or a date: 2026-11-01).")
        var since: String?

        @Option(name: .long, help: "Created before (RFC 3339, or a date).")
        var until: String?

        @Option(name: .long, help: "How many messages (default 20, at most 200).")
        var limit = 20

        @Option(
            name: .long,
            help: "relevance (best match first) or recent (newest stored first); prefix-only queries default to recent."
        )
        var order: String?

        @Flag(name: .long, help: "One line per message, without grouping or the matching titles.")
        var flat = false

        /// How many matching titles come before the messages: a few, to jump to a whole conversation.
        private static let titleCount = 5

        func run() async throws {
            let connection = try client.connect()
            // Scripts get the daemon's own `[` `]` markers; the terminal gets markers no message holds.
            let marks = MatchMarks()
            let markParams = client.json ? [:] : marks.params
            var params: [String: JSONValue] = ["query": .string(query), "limit": .integer(Int64(limit))]
            if let conversation {
                params["conversation_id"] = .string(
                    try IDResolver.resolve(conversation, among: ["conversation"], client: connection).id)
            }
            let narrowing =
                [("role", role), ("model", model), ("tag", tag), ("source", source)]
                + [("since", since), ("until", until)]
            for (name, value) in narrowing {
                if let value { params[name] = .string(value) }
            }
            if let archived { params["archived"] = .bool(archived) }
            if let order { params["order"] = .string(order) }
            let messages = try connection.call("search.messages", params.merging(markParams) { $1 })
            let searchesTitles = !flat && conversation == nil && narrowing.allSatisfy { $0.1 == nil }
            var titles: JSONValue = ["items": []]
            if searchesTitles {
                var titleParams: [String: JSONValue] = [
                    "query": .string(query), "limit": .integer(Int64(Self.titleCount)),
                ]
                if let archived { titleParams["archived"] = .bool(archived) }
                titles = try connection.call("search.conversations", titleParams.merging(markParams) { $1 })
            }
            if client.json { return client.printJSON(["conversations": titles, "messages": messages]) }
            let results = SearchResults(conversations: titles.items, hits: messages.items, marks: marks)
            guard !results.isEmpty else { return print(Terminal.dim("no messages match")) }
            for line in flat ? results.flat() : results.grouped() { print(line) }
        }
    }
}
