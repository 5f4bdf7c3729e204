import ArgumentParser
import Foundation
import ParleyCore

extension Parley {
    /// `parley ask [ID] TEXT`: adds a user message and streams the model's answer.
    struct Ask: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the model: add your message and stream the answer (Ctrl-C stops it and keeps the text).",
            discussion: """
                With only TEXT, a new conversation starts, titled after it. The answer streams as it is written, \
                the model's thinking dimmed; tokens and cost follow on stderr. Ctrl-C stops the answer and keeps \
                its text as a draft for `parley continue`.
                """)

        @OptionGroup var client: ClientOptions

        @Argument(help: "The conversation (id or unique prefix), or the message when it is the only argument.")
        var first: String

        @Argument(help: "The message; - reads it from standard input.")
        var second: String?

        @Flag(name: .long, help: "Do not print the model's thinking.")
        var noThinkingOutput = false

        @Flag(name: .long, help: "Answer without thinking, for this call only.")
        var noThinking = false

        @Option(name: .long, help: "Sampling temperature for this call (0 to 2).")
        var temperature: Double?

        @Option(name: .long, help: "Most tokens to generate for this call.")
        var maxTokens: Int?

        func run() async throws {
            let typed = second ?? first
            let text =
                typed == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : typed
            guard !text.isEmpty else { throw ValidationError("the message is empty") }
            let connection = try client.connect()
            let conversationID: String
            if second != nil {
                conversationID = try IDResolver.resolve(first, among: ["conversation"], client: connection).id
            } else {
                let title = Terminal.clip(text, 60)
                conversationID = try connection.call("conversation.create", ["title": .string(title)])["id"]?.text ?? ""
            }
            _ = try connection.call(
                "message.append",
                ["conversation_id": .string(conversationID), "role": "user", "content": .string(text)])
            var settings: [String: JSONValue] = [:]
            if noThinking { settings["thinking"] = ["type": "disabled"] }
            if let temperature { settings["temperature"] = .double(temperature) }
            if let maxTokens { settings["max_tokens"] = .integer(Int64(maxTokens)) }
            var params: [String: JSONValue] = ["conversation_id": .string(conversationID)]
            if !settings.isEmpty { params["settings"] = .object(settings) }
            var printer = CompletionPrinter(json: client.json, showThinking: !noThinkingOutput)
            _ = try CompletionCall.run(params, connection: connection, printer: &printer)
        }
    }

    /// `parley continue DRAFT`: the model continues a cut-off answer from its text.
    struct Continue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Continue a cut-off answer (a prefix draft) where it stopped.")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The draft (id or unique prefix); `parley drafts` lists them.")
        var draft: String

        @Flag(name: .long, help: "Do not print the model's thinking.")
        var noThinkingOutput = false

        func run() async throws {
            let connection = try client.connect()
            let draftID = try IDResolver.resolve(draft, among: ["draft"], client: connection).id
            let found = try connection.call("draft.get", ["id": .string(draftID)])
            var printer = CompletionPrinter(json: client.json, showThinking: !noThinkingOutput)
            printer.resume(from: found["content"]?.text ?? "")
            _ = try CompletionCall.run(
                ["conversation_id": found["conversation_id"] ?? .null, "draft_id": .string(draftID)],
                connection: connection, printer: &printer)
        }
    }

    /// `parley fim`: fill in the middle between a prompt and a suffix.
    struct Fim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fim",
            abstract: "Fill in the middle: print what goes between a prompt and a suffix (code completion).")

        @OptionGroup var client: ClientOptions

        @Option(name: .long, help: "The text before the gap; - reads standard input.")
        var promptFile: String

        @Option(name: .long, help: "The text after the gap.")
        var suffixFile: String?

        @Option(name: .long, help: "Most tokens to generate.")
        var maxTokens: Int?

        @Option(name: .long, help: "Sampling temperature (0 to 2).")
        var temperature: Double?

        func run() async throws {
            var params: [String: JSONValue] = ["prompt": .string(try Self.read(promptFile))]
            if let suffixFile { params["suffix"] = .string(try Self.read(suffixFile)) }
            if let maxTokens { params["max_tokens"] = .integer(Int64(maxTokens)) }
            if let temperature { params["temperature"] = .double(temperature) }
            let result = try client.connect().call("fim.complete", params)
            if client.json { return client.printJSON(result) }
            FileHandle.standardOutput.write(Data((result["text"]?.text ?? "").utf8))
            if let usage = result["usage"], usage != .null {
                let cost = usage["cost"]?.text.map { " · $\($0)" } ?? ""
                FileHandle.standardError.write(
                    Data(Terminal.dim("\n\(usage["total_tokens"]?.int ?? 0) tokens\(cost)").appending("\n").utf8))
            }
        }

        private static func read(_ path: String) throws -> String {
            if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
