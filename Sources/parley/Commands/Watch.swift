import ArgumentParser
import Foundation
import ParleyCore

extension Parley {
    /// `parley watch`: prints every change live, whoever makes it.
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print changes as they happen (Ctrl-C to stop).")

        @OptionGroup var client: ClientOptions

        @Option(name: .long, help: "An event type or group (conversation, message, draft, usage); repeat for more.")
        var topic: [String] = []

        @Option(name: .long, help: "Only this conversation (id or prefix).")
        var conversation: String?

        func run() async throws {
            let connection = try client.connect()
            var params: [String: JSONValue] = [:]
            if !topic.isEmpty { params["topics"] = .array(topic.map { .string($0) }) }
            if let conversation {
                params["conversation_id"] = .string(
                    try IDResolver.resolve(conversation, among: ["conversation"], client: connection).id)
            }
            _ = try connection.call("subscribe", params)
            if !client.json { print(Terminal.dim("watching \(connection.socketPath); Ctrl-C to stop")) }
            while let notification = try connection.nextNotification() {
                guard let event = notification["params"] else { continue }
                if client.json {
                    client.printJSON(event)
                } else {
                    print(Self.describe(event))
                }
                fflush(nil)
            }
        }

        static func describe(_ event: JSONValue) -> String {
            let type = event["type"]?.text ?? "event"
            var detail = ""
            if let message = event["message"] {
                detail = "\(message["role"]?.text ?? "") " + Terminal.clip(Show.text(of: message["content"]), 70)
            } else if let conversation = event["conversation"] {
                detail = conversation["title"]?.text ?? ""
            } else if let draft = event["draft"] {
                detail = "rev \(draft["revision"]?.int ?? 0) " + Terminal.clip(draft["content"]?.text ?? "", 60)
            } else if let usage = event["usage"] {
                detail = "\(usage["model"]?.text ?? "") \(usage["total_tokens"]?.int ?? 0) tokens"
            } else if let delta = event["delta"] {
                detail = Terminal.clip(
                    delta["content"]?.text ?? Terminal.dim(delta["reasoning_content"]?.text ?? ""), 70)
            } else if let reason = event["reason"]?.text {
                detail = reason
            }
            return Terminal.cyan(type) + " " + Terminal.dim(Terminal.short(event["conversation_id"]?.text)) + " "
                + detail
        }
    }
}
