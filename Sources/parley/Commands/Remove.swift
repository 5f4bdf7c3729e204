import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley rm ID`: deletes a conversation, a message or a draft (conversations and messages can be restored).
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Delete a conversation, message or draft by id or unique prefix.")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The id or a unique prefix of it.")
        var id: String

        func run() async throws {
            let connection = try client.connect()
            let (fullID, entity) = try IDResolver.resolve(
                id, among: ["conversation", "message", "draft"], client: connection)
            let result = try connection.call("\(entity).delete", ["id": .string(fullID)])
            if client.json { return client.printJSON(result) }
            let undo = entity == "conversation" ? " (undo: parley restore \(Terminal.short(fullID)))" : ""
            print("deleted \(entity) \(fullID)\(undo)")
        }
    }

    /// `parley restore ID`: brings a deleted conversation back.
    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring a deleted conversation back.")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The conversation's id or a unique prefix of it.")
        var id: String

        func run() async throws {
            let connection = try client.connect()
            let fullID = try IDResolver.resolve(id, among: ["conversation"], includeDeleted: true, client: connection)
                .id
            let result = try connection.call("conversation.restore", ["id": .string(fullID)])
            if client.json { return client.printJSON(result) }
            print("restored conversation \(fullID)")
        }
    }
}
