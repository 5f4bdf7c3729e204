import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley token`: the tokens frontends use with the OpenAI-compatible gateway.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tokens for the OpenAI-compatible gateway, one per frontend.",
            subcommands: [Create.self, List.self, Remove.self])

        /// `parley token create NAME`.
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make a token for the frontend NAME and print it; it is shown only this once.")

            @OptionGroup var client: ClientOptions

            @Argument(help: "The frontend's name (open-webui, aider…), recorded as the source of what it writes.")
            var name: String

            func run() async throws {
                let issued = try client.connect().call("token.create", ["name": .string(name)])
                if client.json {
                    return client.printJSON(["name": issued["name"] ?? .null, "token": issued["token"] ?? .null])
                }
                print(issued["token"]?.text ?? "")
                print(
                    Terminal.dim(
                        "token for \(name): shown only now; Parley keeps its hash (revoke: parley token rm \(name))"))
            }
        }

        /// `parley token ls`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "ls", abstract: "The tokens by name, when each was made and last used.")

            @OptionGroup var client: ClientOptions

            func run() async throws {
                let listed = try client.connect().call("token.list")
                if client.json { return client.printJSON(listed) }
                let items = listed["items"]?.arrayValue ?? []
                if items.isEmpty { return print("no tokens (parley token create NAME)") }
                for item in items {
                    let used = item["last_used_at"]?.text.map { "last used \(Terminal.time($0))" } ?? "never used"
                    print("\(item["name"]?.text ?? "")  made \(Terminal.time(item["created_at"]?.text ?? ""))  \(used)")
                }
            }
        }

        /// `parley token rm NAME`.
        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rm", abstract: "Revoke the token of the frontend NAME; it stops working at once.")

            @OptionGroup var client: ClientOptions

            @Argument(help: "The frontend's name.")
            var name: String

            func run() async throws {
                let revoked = try client.connect().call("token.revoke", ["name": .string(name)])
                if client.json { return client.printJSON(revoked) }
                print("revoked the token of \(name)")
            }
        }
    }
}
