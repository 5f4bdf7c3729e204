import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

/// The `parley` client commands against a real daemon, as a user types them.
@Suite struct CommandTests {
    let daemon: DaemonHarness

    init() throws {
        daemon = try DaemonHarness().start()
    }

    private func run(_ arguments: [String], input: String? = nil) throws -> String {
        let (status, output, errors) = try daemon.run(arguments, input: input)
        #expect(status == 0, "parley \(arguments.joined(separator: " ")): \(errors)")
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aConversationIsStartedFilledShownAndFound() throws {
        let id = try run(["new", "Rust lifetimes", "--tag", "rust", "--system", "Be brief."])
        #expect(EntityID(rawValue: id) != nil)
        let prefix = String(id.prefix(6))
        _ = try run(["say", prefix, "What does 'static mean?"])
        _ = try run(["say", prefix, "-"], input: "And 生命周期?")
        let shown = try run(["show", prefix])
        #expect(shown.contains("Rust lifetimes"))
        #expect(shown.contains("What does 'static mean?"))
        #expect(shown.contains("And 生命周期?"))
        #expect(shown.contains("Be brief."))
        let tree = try run(["show", prefix, "--tree"])
        #expect(tree.contains("← head"))
        let listed = try JSONValue.parse(try run(["ls", "--json"]))
        #expect(listed.items.map { $0["id"] } == [.string(id)])
        #expect(try run(["ls"]).contains("Rust lifetimes"))
        let found = try JSONValue.parse(try run(["search", "生命周期", "--json"]))["messages"]
        #expect(found?.items.count == 1)
        #expect(found?.items.first?["conversation_id"] == .string(id))
        #expect(try run(["search", "static", "--role", "user"]).contains("[static]"))
        let shownJSON = try JSONValue.parse(try run(["show", id, "--json"]))
        #expect(shownJSON["messages"]?.arrayValue?.count == 3)
    }

    @Test func deletionIsUndoneByRestore() throws {
        let id = try run(["new", "temporary"])
        #expect(try run(["rm", String(id.prefix(8))]).contains("deleted conversation"))
        #expect(try JSONValue.parse(try run(["ls", "--json"])).items.isEmpty)
        #expect(try JSONValue.parse(try run(["ls", "--deleted", "--json"])).items.count == 1)
        _ = try run(["restore", String(id.prefix(8))])
        #expect(try JSONValue.parse(try run(["ls", "--json"])).items.count == 1)
    }

    @Test func statusUsageAndDraftsReport() throws {
        let client = try daemon.client()
        let conversation = try client.call("conversation.create", ["title": "costs"])
        _ = try client.call(
            "usage.record",
            [
                "model": "deepseek-v4-flash", "prompt_tokens": 10, "completion_tokens": 5, "cost": "0.000123",
                "conversation_id": conversation["id"] ?? .null,
            ])
        _ = try client.call(
            "draft.save", ["conversation_id": conversation["id"] ?? .null, "kind": "prefix", "content": "def fib"])
        let status = try JSONValue.parse(try run(["status", "--json"]))
        #expect(status["counts"]?["conversations"] == 1)
        #expect(try run(["status"]).contains("is running"))
        let usage = try JSONValue.parse(try run(["usage", "--by", "model", "--json"]))
        #expect(usage["total"]?["cost"] == "0.000123")
        #expect(try run(["usage"]).contains("0.000123"))
        #expect(try run(["drafts"]).contains("def fib"))
        #expect(try JSONValue.parse(try run(["drafts", "--json"])).items.count == 1)
    }

    @Test func watchPrintsOtherClientsChanges() throws {
        let process = Process()
        process.executableURL = DaemonHarness.executable
        process.arguments = ["watch", "--json"]
        process.environment = daemon.environment
        let output = try ProcessLaunch.serialized {
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            return output
        }
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        let client = try daemon.client()
        var subscribed = false
        for _ in 0..<1000 where !subscribed {
            subscribed = try client.call("system.info")["subscriptions"] == 1
            if !subscribed { usleep(20_000) }
        }
        #expect(subscribed)
        _ = try client.call("conversation.create", ["title": "seen by watch"])
        let handle = output.fileHandleForReading
        // If no event ever comes, the watchdog ends `watch` so the read below returns and the test fails.
        let watched = UncheckedProcess(process)
        DispatchQueue.global().asyncAfter(deadline: .now() + 15) {
            if watched.process.isRunning { watched.process.terminate() }
        }
        var text = ""
        while !text.contains("\n") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let event = try JSONValue.parse(String(text.prefix(while: { $0 != "\n" })))
        #expect(event["type"] == "conversation.created")
        #expect(event["conversation"]?["title"] == "seen by watch")
    }

    @Test func withoutADaemonTheErrorSaysHowToStartOne() throws {
        daemon.stop()
        let (status, _, errors) = try daemon.run(["ls"])
        #expect(status != 0)
        #expect(errors.contains("no parley daemon answers"))
        #expect(errors.contains("parley daemon"))
    }

    @Test func anAmbiguousOrUnknownPrefixIsExplained() throws {
        let (status, _, errors) = try daemon.run(["show", "0000"])
        #expect(status != 0)
        #expect(errors.contains("no conversation with id 0000"))
    }
}

/// A process the watchdog may terminate from another thread (`Process` is thread-safe for that).
private struct UncheckedProcess: @unchecked Sendable {
    let process: Process

    init(_ process: Process) {
        self.process = process
    }
}
