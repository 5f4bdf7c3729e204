import ArgumentParser
import Foundation
import ParleyCore

extension Parley {
    /// `parley say ID TEXT`: appends a user message after the conversation's head.
    struct Say: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user message to a conversation (after its head).")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The conversation's id or a unique prefix of it.")
        var id: String

        @Argument(help: "The message; - reads it from standard input.")
        var text: String

        @Option(name: .long, help: "The role (default user).")
        var role = "user"

        func run() async throws {
            let content =
                text == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : text
            guard !content.isEmpty else { throw ValidationError("the message is empty") }
            let connection = try client.connect()
            let conversationID = try IDResolver.resolve(id, among: ["conversation"], client: connection).id
            let message = try connection.call(
                "message.append",
                ["conversation_id": .string(conversationID), "role": .string(role), "content": .string(content)])
            if client.json { return client.printJSON(message) }
            print(message["id"]?.text ?? "")
        }
    }
}
