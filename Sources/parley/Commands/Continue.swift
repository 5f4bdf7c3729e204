import ArgumentParser
import Foundation
import ParleyCore

extension Parley {
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
}
