import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// Import and export through a real daemon and the `parley` command: a user's ChatGPT history brought in,
/// searched, taken out again as Parley JSON into a second daemon with the same content, and synced.
@Suite(.serialized) struct ExchangeDaemonTests {
    /// A ChatGPT export of two conversations; the second has a regenerated answer and its head on the newer one.
    static let chatGPTExport = #"""
        [{"id": "c-1", "title": "Monads", "create_time": 1714564800.5, "update_time": 1714564900,
          "current_node": "a1", "default_model_slug": "gpt-4o", "mapping": {
            "root": {"id": "root", "parent": null, "children": ["u1"], "message": null},
            "u1": {"id": "u1", "parent": "root", "children": ["a1"], "message": {"id": "u1",
                   "author": {"role": "user"}, "create_time": 1714564801,
                   "content": {"content_type": "text", "parts": ["What is a monad?"]}, "metadata": {}}},
            "a1": {"id": "a1", "parent": "u1", "children": [], "message": {"id": "a1",
                   "author": {"role": "assistant"}, "create_time": 1714564802,
                   "content": {"content_type": "text", "parts": ["A monoid in the category of endofunctors"]},
                   "metadata": {"model_slug": "gpt-4o"}}}}},
         {"id": "c-2", "title": null, "create_time": 1714565000, "current_node": "a3", "mapping": {
            "u2": {"id": "u2", "parent": null, "children": ["a2", "a3"], "message": {"id": "u2",
                   "author": {"role": "user"}, "create_time": 1714565001,
                   "content": {"content_type": "text", "parts": ["Write a haiku about SQLite"]}}},
            "a2": {"id": "a2", "parent": "u2", "children": [], "message": {"id": "a2",
                   "author": {"role": "assistant"}, "create_time": 1714565002,
                   "content": {"content_type": "text", "parts": ["Pages in the WAL"]},
                   "metadata": {"model_slug": "o1"}}},
            "a3": {"id": "a3", "parent": "u2", "children": [], "message": {"id": "a3",
                   "author": {"role": "assistant"}, "create_time": 1714565003,
                   "content": {"content_type": "text", "parts": ["One file holds it all"]},
                   "metadata": {"model_slug": "o1"}}}}}]
        """#

    private static func write(_ text: String, in daemon: DaemonHarness, as name: String) -> String {
        let path = daemon.folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func aChatGPTExportIsImportedFromTheCommandLineAndAgainAddsNothing() throws {
        let daemon = try DaemonHarness().start()
        let path = Self.write(Self.chatGPTExport, in: daemon, as: "conversations.json")
        let dry = try daemon.run(["import", path, "--dry-run", "--socket", daemon.socketPath])
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(dry.output.contains("dry run, nothing stored"))
        #expect(try daemon.client().call("conversation.list").items.isEmpty)

        let first = try daemon.run(["import", path, "--json", "--socket", daemon.socketPath])
        #expect(first.status == 0, "\(first.errors)")
        let summary = try JSONValue.parse(first.output)
        #expect(summary["format"] == "chatgpt")
        #expect(summary["conversations"]?["added"] == 2)
        #expect(summary["messages"]?["added"] == 5)
        #expect(summary["skipped"] == [])

        let again = try daemon.run(["import", path, "--socket", daemon.socketPath])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("imported chatgpt export"))
        let unchanged = try #require(again.output.split(separator: "\n").first { $0.hasPrefix("unchanged") })
        #expect(unchanged.split(separator: " ").filter { !$0.isEmpty } == ["unchanged", "2", "5"])

        let client = try daemon.client()
        let hits = try client.call("search.messages", ["query": "endofunctors"]).items
        #expect(hits.count == 1)
        let conversations = try client.call("conversation.list").items
        let haiku = try #require(conversations.first { $0["source_id"] == "c-2" })
        #expect(haiku["title"] == "Write a haiku about SQLite")
        #expect(haiku["source"] == "chatgpt")
        let branch = try client.call("message.list", ["conversation_id": haiku["id"] ?? .null]).items
        #expect(branch.map { $0["source_id"] } == ["u2", "a3"])
        #expect(branch.last?["model"] == "o1")
    }

    @Test func importRunSendsProgressAndRefusesAFileOfAnotherFormatNamingThePath() throws {
        let daemon = try DaemonHarness().start()
        let path = Self.write(Self.chatGPTExport, in: daemon, as: "conversations.json")
        let client = try daemon.client()
        var progress: [JSONValue] = []
        let summary = try client.call("import.run", ["path": .string(path)]) { notification in
            if notification["method"] == "import.progress" { progress.append(notification["params"] ?? .null) }
        }
        #expect(summary["conversations"]?["added"] == 2)
        #expect(progress.last?["done"] == 2)
        #expect(progress.last?["total"] == 2)
        #expect(progress.last?["messages_added"] == 5)

        let error = remoteError { try client.call("import.run", ["path": .string(path), "format": "claude"]) }
        #expect(error?.code == -32602)
        #expect(error?.data?["field"] == "path")
        #expect(error?.message.contains("is not a claude export") == true)

        let truncated = Self.write(String(Self.chatGPTExport.dropLast(200)), in: daemon, as: "cut.json")
        let refused = try daemon.run(["import", truncated, "--socket", daemon.socketPath])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("must be complete JSON"))
        #expect(refused.errors.contains("nothing was imported"))
        #expect(try client.call("conversation.list").items.count == 2)
    }

    @Test func anExportImportedIntoAnotherDaemonHasTheSameContentAndMarkdownIsWritten() throws {
        let source = try DaemonHarness().start()
        let path = Self.write(Self.chatGPTExport, in: source, as: "conversations.json")
        #expect(try source.run(["import", path, "--socket", source.socketPath]).status == 0)
        let client = try source.client()
        let own = try client.call("conversation.create", ["title": "Written here", "tags": ["notes"]])
        _ = try client.call(
            "message.append", ["conversation_id": own["id"] ?? .null, "role": "user", "content": "Kept on export?"])

        let exportPath = source.folder + "/parley-export.json"
        let exported = try source.run(["export", "-o", exportPath, "--json", "--socket", source.socketPath])
        #expect(exported.status == 0, "\(exported.errors)")
        #expect(try JSONValue.parse(exported.output)["conversations"] == 3)

        let target = try DaemonHarness().start()
        let imported = try target.run(["import", exportPath, "--json", "--socket", target.socketPath])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(try JSONValue.parse(imported.output)["format"] == "parley")
        let sourceHash = try client.call("sync.status")["content_hash"]
        #expect(try target.client().call("sync.status")["content_hash"] == sourceHash)

        let notes = source.folder + "/notes"
        let markdown = try source.run([
            "export", "--format", "markdown", "-o", notes, "--conversation",
            String((own["id"]?.stringValue ?? "").prefix(8)), "--socket", source.socketPath,
        ])
        #expect(markdown.status == 0, "\(markdown.errors)")
        let files = try FileManager.default.contentsOfDirectory(atPath: notes)
        #expect(files.count == 1)
        let text = try String(contentsOfFile: notes + "/" + (files.first ?? ""), encoding: .utf8)
        #expect(text.contains("title: \"Written here\""))
        #expect(text.contains("Kept on export?"))
    }

    @Test func importedHistorySyncsToAnotherMachine() throws {
        let target = TemporaryFolder(prefix: "parley-exchange-sync-")
        let first = try DaemonHarness().start()
        let path = Self.write(Self.chatGPTExport, in: first, as: "conversations.json")
        #expect(try first.run(["import", path, "--socket", first.socketPath]).status == 0)
        #expect(try first.run(["sync", "init", target.path, "--socket", first.socketPath]).status == 0)
        #expect(try first.run(["sync", "--socket", first.socketPath]).status == 0)

        let second = try DaemonHarness().start()
        let other = try second.client()
        _ = try other.call("sync.configure", ["target": .string(target.path)])
        _ = try other.call("sync.run")
        let conversations = try other.call("conversation.list").items
        #expect(Set(conversations.compactMap { $0["source_id"]?.stringValue }) == ["c-1", "c-2"])
        #expect(
            try other.call("sync.status")["content_hash"] == (try first.client().call("sync.status")["content_hash"]))
        let again = try second.run([
            "import", Self.write(Self.chatGPTExport, in: second, as: "c.json"), "--json",
            "--socket", second.socketPath,
        ])
        #expect(try JSONValue.parse(again.output)["conversations"]?["unchanged"] == 2)
    }
}
