import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley show ID`: a conversation's current branch, or every branch with `--tree`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a conversation: the current branch, or every branch with --tree.")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The conversation's id or a unique prefix of it.")
        var id: String

        @Flag(name: .long, help: "Every branch, as a tree.")
        var tree = false

        func run() async throws {
            let connection = try client.connect()
            let conversationID = try IDResolver.resolve(id, among: ["conversation"], client: connection).id
            let conversation = try connection.call("conversation.get", ["id": .string(conversationID)])
            let messages = try connection.call(
                "message.list", ["conversation_id": .string(conversationID), "all_branches": .bool(tree)])
            if client.json {
                return client.printJSON(["conversation": conversation, "messages": messages["items"] ?? []])
            }
            let title = conversation["title"]?.text.flatMap { $0.isEmpty ? nil : $0 } ?? "(untitled)"
            print(
                Terminal.bold(title) + "  " + Terminal.dim("\(conversationID) · \(conversation["model"]?.text ?? "")"))
            let head = conversation["head_message_id"]?.text
            let depths = tree ? Self.depths(messages.items) : [:]
            for message in messages.items {
                let messageID = message["id"]?.text ?? ""
                let indent = String(repeating: "  ", count: depths[messageID] ?? 0)
                let marker = tree && messageID == head ? Terminal.green(" ← head") : ""
                print("")
                print(
                    indent + Self.roleLabel(message["role"]?.text ?? "") + "  "
                        + Terminal.dim(Terminal.short(messageID))
                        + marker)
                if let reasoning = message["reasoning_content"]?.text, !reasoning.isEmpty {
                    print(Terminal.dim(Self.indented(reasoning, indent + "  │ ")))
                }
                print(Self.indented(Self.text(of: message["content"]), indent + "  "))
            }
        }

        static func roleLabel(_ role: String) -> String {
            switch role {
            case "user": Terminal.bold(Terminal.cyan("user"))
            case "assistant": Terminal.bold(Terminal.green("assistant"))
            case "system", "developer": Terminal.bold(Terminal.magenta(role))
            default: Terminal.bold(Terminal.yellow(role))
            }
        }

        /// A content string, or the text of its parts (other parts shown by type).
        static func text(of content: JSONValue?) -> String {
            switch content {
            case let .string(text)?: text
            case let .array(parts)?:
                parts.map { $0["text"]?.text ?? "[\($0["type"]?.text ?? "part")]" }.joined(separator: "\n")
            default: ""
            }
        }

        static func indented(_ text: String, _ prefix: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n")
        }

        /// Each message's depth in the tree, from the parents listed (parents come before children).
        static func depths(_ messages: [JSONValue]) -> [String: Int] {
            var depths: [String: Int] = [:]
            for message in messages {
                guard let id = message["id"]?.text else { continue }
                depths[id] = message["parent_id"]?.text.flatMap { depths[$0].map { $0 + 1 } } ?? 0
            }
            return depths
        }
    }
}
