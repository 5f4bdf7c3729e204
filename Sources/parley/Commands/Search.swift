import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley search QUERY`: full-text search over every message.
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search every message: words, \"phrases\", prefix*, AND/OR/NOT, NEAR(a b, 5).")

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

        @Option(name: .long, help: "Created at or after (RFC 3339, or a date: 2026-11-01).")
        var since: String?

        @Option(name: .long, help: "Created before (RFC 3339, or a date).")
        var until: String?

        @Option(name: .long, help: "How many (default 20, at most 200).")
        var limit = 20

        func run() async throws {
            let connection = try client.connect()
            var params: [String: JSONValue] = ["query": .string(query), "limit": .integer(Int64(limit))]
            if let conversation {
                params["conversation_id"] = .string(
                    try IDResolver.resolve(conversation, among: ["conversation"], client: connection).id)
            }
            for (name, value) in [("role", role), ("model", model), ("tag", tag), ("since", since), ("until", until)] {
                if let value { params[name] = .string(value) }
            }
            let page = try connection.call("search.messages", params)
            if client.json { return client.printJSON(page) }
            guard !page.items.isEmpty else { return print(Terminal.dim("no messages match")) }
            for hit in page.items {
                let snippet = (hit["snippet"]?.text ?? "").replacingOccurrences(of: "\n", with: " ")
                let highlighted = snippet.replacingOccurrences(of: "[", with: Terminal.colour ? "\u{1B}[1;33m" : "[")
                    .replacingOccurrences(of: "]", with: Terminal.colour ? "\u{1B}[0m" : "]")
                print(
                    Terminal.cyan(Terminal.short(hit["conversation_id"]?.text)) + " "
                        + Terminal.bold(hit["conversation_title"]?.text ?? "") + "  "
                        + Terminal.dim(
                            "\(hit["role"]?.text ?? "") · \(Terminal.time(hit["created_at"]?.text)) · "
                                + Terminal.short(hit["message_id"]?.text)))
                print("  " + highlighted)
            }
        }
    }
}
