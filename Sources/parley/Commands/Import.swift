import ArgumentParser
import Foundation
import ParleyCore

extension Parley {
    /// `parley import PATH`: bring in the history of llm, ChatGPT, DeepSeek, Open WebUI, Claude or another Parley.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import chat history: llm's logs.db, a ChatGPT, DeepSeek, Open WebUI or Claude export (a file, a "
                + "folder or the .zip), or a Parley export. Importing again adds only what is new.")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The export: a file, a folder or a .zip.")
        var path: String

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The export's format (default: recognised): llm, chatgpt, deepseek, open-webui, claude or parley."))
        var format: String?

        @Flag(name: .long, help: "Check and count everything; store nothing.")
        var dryRun = false

        func validate() throws {
            let formats = ["llm", "chatgpt", "deepseek", "open-webui", "claude", "parley"]
            if let format, !formats.contains(format) {
                throw ValidationError("--format \(format) is not one of \(formats.joined(separator: ", "))")
            }
        }

        func run() async throws {
            var params: [String: JSONValue] = ["path": .string(Sync.Init.absolute(path))]
            if let format { params["format"] = .string(format) }
            if dryRun { params["dry_run"] = true }
            let showProgress = !client.json && isatty(STDERR_FILENO) == 1
            let summary = try client.connect().call("import.run", params) { notification in
                guard showProgress, let progress = notification["params"] else { return }
                FileHandle.standardError.write(Data(Self.bar(progress).utf8))
            }
            if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
            if client.json { return client.printJSON(summary) }
            print(Self.render(summary))
            if !(summary["skipped"]?.arrayValue ?? []).isEmpty { throw ExitCode(3) }
        }

        /// `[██████░░░░░░] 1200/5000 conversations, 30112 messages added`, redrawn in place.
        static func bar(_ progress: JSONValue) -> String {
            let done = progress["done"]?.int ?? 0
            let total = progress["total"]?.int ?? 0
            let width = 24
            let filled = total > 0 ? min(width, done * width / total) : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let count = total > 0 ? "\(done)/\(total)" : "\(done)"
            return "\u{1B}[2K\r[\(bar)] \(count) conversations, \(progress["messages_added"]?.int ?? 0) messages added"
        }

        static func render(_ summary: JSONValue) -> String {
            let conversations = summary["conversations"]
            let messages = summary["messages"]
            let skipped = summary["skipped"]?.arrayValue ?? []
            var table = Table("", "conversations", "messages")
            table.add("added", "\(conversations?["added"]?.int ?? 0)", "\(messages?["added"]?.int ?? 0)")
            table.add("updated", "\(conversations?["updated"]?.int ?? 0)", "")
            table.add("unchanged", "\(conversations?["unchanged"]?.int ?? 0)", "\(messages?["unchanged"]?.int ?? 0)")
            table.add("skipped", "\(skipped.count)", "")
            var lines = [
                (summary["dry_run"] == true ? "dry run, nothing stored: " : "imported ")
                    + "\(summary["format"]?.text ?? "") export",
                table.render(),
            ]
            for item in skipped {
                lines.append(
                    Terminal.yellow("skipped ") + (item["item"]?.text ?? "") + ": " + (item["reason"]?.text ?? ""))
            }
            return lines.joined(separator: "\n")
        }
    }
}
