import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley drafts`: prefix-continuation and composer drafts.
    struct Drafts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List drafts: cut-off answers to continue, and unsent messages.")

        @OptionGroup var client: ClientOptions

        @Option(name: .long, help: "Only this conversation (id or prefix).")
        var conversation: String?

        func run() async throws {
            let connection = try client.connect()
            var params: [String: JSONValue] = [:]
            if let conversation {
                params["conversation_id"] = .string(
                    try IDResolver.resolve(conversation, among: ["conversation"], client: connection).id)
            }
            let drafts = try connection.call("draft.list", params)
            if client.json { return client.printJSON(drafts) }
            guard !drafts.items.isEmpty else { return print(Terminal.dim("no drafts")) }
            var table = Table("ID", "CONVERSATION", "KIND", "REV", "UPDATED", "TEXT")
            for draft in drafts.items {
                var kind = draft["kind"]?.text ?? ""
                if draft["interrupted"]?.bool == true { kind += Terminal.yellow(" (interrupted)") }
                if draft["conflict_of"]?.text != nil { kind += Terminal.red(" (conflict copy)") }
                table.add(
                    Terminal.cyan(Terminal.short(draft["id"]?.text)), Terminal.short(draft["conversation_id"]?.text),
                    kind, "\(draft["revision"]?.int ?? 0)", Terminal.time(draft["updated_at"]?.text),
                    Terminal.clip(draft["content"]?.text ?? "", 50))
            }
            print(table.render())
        }
    }
}
