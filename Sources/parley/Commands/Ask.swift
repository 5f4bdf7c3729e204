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
}
