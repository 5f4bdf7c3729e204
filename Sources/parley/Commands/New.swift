import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley new`: starts a conversation.
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a conversation.")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The title.")
        var title: String = ""

        @Option(name: .long, help: "The model (default deepseek-v4-flash).")
        var model: String?

        @Option(name: .long, help: "A system prompt, stored as the conversation's first message.")
        var system: String?

        @Option(name: .long, help: "A tag; repeat for more.")
        var tag: [String] = []

        func run() async throws {
            var params: [String: JSONValue] = ["title": .string(title), "tags": .array(tag.map { .string($0) })]
            if let model { params["model"] = .string(model) }
            if let system { params["system"] = .string(system) }
            let conversation = try client.connect().call("conversation.create", params)
            if client.json { return client.printJSON(conversation) }
            print(conversation["id"]?.text ?? "")
        }
    }
}
