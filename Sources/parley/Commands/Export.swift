import ArgumentParser
import Foundation
import ParleyCore

extension Parley {
    /// `parley export`: take history out, losslessly as Parley JSON or readably as Markdown.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Export conversations: --format parley writes one lossless JSON file (every branch, drafts, usage), "
                + "--format markdown a folder with one file per conversation.")

        @OptionGroup var client: ClientOptions

        @Option(name: .long, help: "parley (default) or markdown.")
        var format = "parley"

        @Option(
            name: .customLong("conversation"), help: "Only this conversation (an id or a unique prefix); repeatable.")
        var conversations: [String] = []

        @Option(name: .long, help: "Only conversations changed since this time (2026-11-25 or 2026-11-25T09:30:00Z).")
        var since: String?

        @Option(
            name: [.customShort("o"), .long],
            help: "The file (parley) or folder (markdown) to write; default parley-export-DATE.json or parley-markdown."
        )
        var output: String?

        func validate() throws {
            guard ["parley", "markdown"].contains(format) else {
                throw ValidationError("--format \(format) is not one of parley, markdown")
            }
        }

        func run() async throws {
            let daemon = try client.connect()
            let date = String(Terminal.time(ISO8601DateFormatter().string(from: Date())).prefix(10))
            let defaultOutput = format == "parley" ? "parley-export-\(date).json" : "parley-markdown"
            var params: [String: JSONValue] = [
                "path": .string(Sync.Init.absolute(output ?? defaultOutput)), "format": .string(format),
            ]
            if !conversations.isEmpty {
                params["conversation_ids"] = .array(
                    try conversations.map { typed in
                        .string(
                            try IDResolver.resolve(typed, among: ["conversation"], includeDeleted: true, client: daemon)
                                .id)
                    })
            }
            if let since { params["since"] = .string(since.count == 10 ? since + "T00:00:00Z" : since) }
            let summary = try daemon.call("export.run", params)
            if client.json { return client.printJSON(summary) }
            print(
                "exported \(summary["conversations"]?.int ?? 0) conversations, \(summary["messages"]?.int ?? 0) messages "
                    + "to \(summary["path"]?.text ?? "") (\(summary["files"]?.int ?? 0) files, "
                    + "\(summary["bytes"]?.int ?? 0) bytes)")
        }
    }
}
