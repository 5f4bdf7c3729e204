import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley ls`: conversations, most recently changed first.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "List conversations, most recently changed first.")

        @OptionGroup var client: ClientOptions

        @Option(name: .long, help: "How many (default 50).")
        var limit = 50

        @Option(name: .long, help: "Only conversations with this tag.")
        var tag: String?

        @Flag(name: .long, help: "The archived conversations instead.")
        var archived = false

        @Flag(name: .long, help: "The deleted conversations (the trash) instead.")
        var deleted = false

        func validate() throws {
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1, not \(limit)") }
        }

        func run() async throws {
            let connection = try client.connect()
            var items: [JSONValue] = []
            var cursor: JSONValue = .null
            repeat {
                var params: [String: JSONValue] = [
                    "limit": .integer(Int64(min(500, limit - items.count))), "archived": .bool(archived),
                    "deleted": .bool(deleted), "cursor": cursor,
                ]
                if let tag { params["tag"] = .string(tag) }
                let page = try connection.call("conversation.list", params)
                items += page.items
                cursor = page["next_cursor"] ?? .null
            } while cursor != .null && items.count < limit
            if client.json { return client.printJSON(["items": .array(items)]) }
            guard !items.isEmpty else { return print(Terminal.dim("no conversations")) }
            var table = Table("ID", "UPDATED", "TITLE", "MODEL", "TAGS")
            for item in items {
                let pinned = item["pinned"]?.bool == true ? "📌 " : ""
                let title = item["title"]?.text.flatMap { $0.isEmpty ? nil : $0 } ?? Terminal.dim("(untitled)")
                table.add(
                    Terminal.cyan(Terminal.short(item["id"]?.text)), Terminal.time(item["updated_at"]?.text),
                    pinned + Terminal.clip(title, 60), item["model"]?.text ?? "",
                    (item["tags"]?.arrayValue ?? []).compactMap(\.text).joined(separator: ","))
            }
            print(table.render())
        }
    }
}
