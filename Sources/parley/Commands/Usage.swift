import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley usage`: tokens and cost by day, model or conversation.
    struct Usage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tokens and cost by day, model or conversation.")

        enum Grouping: String, ExpressibleByArgument, CaseIterable {
            case day, model, conversation
        }

        @OptionGroup var client: ClientOptions

        @Option(name: .long, help: "Group by day, model or conversation (default day).")
        var by: Grouping = .day

        @Option(name: .long, help: "From this time (RFC 3339, or a date).")
        var since: String?

        @Option(name: .long, help: "Until this time (RFC 3339, or a date).")
        var until: String?

        func run() async throws {
            var params: [String: JSONValue] = ["group_by": .string(by.rawValue)]
            if let since { params["since"] = .string(since) }
            if let until { params["until"] = .string(until) }
            let summary = try client.connect().call("usage.summary", params)
            if client.json { return client.printJSON(summary) }
            var table = Table(
                by.rawValue.uppercased(), "CALLS", "PROMPT", "CACHE HIT", "COMPLETION", "REASONING", "COST USD")
            func add(_ row: JSONValue, key: String) {
                table.add(
                    key, "\(row["calls"]?.int ?? 0)", "\(row["prompt_tokens"]?.int ?? 0)",
                    "\(row["prompt_cache_hit_tokens"]?.int ?? 0)", "\(row["completion_tokens"]?.int ?? 0)",
                    "\(row["reasoning_tokens"]?.int ?? 0)", row["cost"]?.text ?? "0")
            }
            for row in summary["rows"]?.arrayValue ?? [] {
                let key = row["key"]?.text ?? ""
                add(row, key: by == .conversation ? (key.isEmpty ? "(none)" : Terminal.short(key)) : key)
            }
            if let total = summary["total"] { add(total, key: Terminal.bold("total")) }
            print(table.render())
        }
    }
}
