import Foundation
import ParleyClient
import ParleyCore
import Testing

/// `parley search` against a real daemon, as a user reads it.
@Suite struct SearchCommandTests {
    let daemon: DaemonHarness
    let client: DaemonClient

    init() throws {
        daemon = try DaemonHarness().start()
        client = try daemon.client()
    }

    private func run(_ arguments: [String]) throws -> String {
        let (status, output, errors) = try daemon.run(arguments)
        #expect(status == 0, "parley \(arguments.joined(separator: " ")): \(errors)")
        return output
    }

    /// Two conversations about herons, one with an edited question whose first version is off the branch.
    private func herons() throws -> (greeting: JSONValue, first: JSONValue, second: JSONValue) {
        let notes = try #require(try client.call("conversation.create", ["title": "Heron field notes"])["id"])
        let greeting = try client.call(
            "message.append", ["conversation_id": notes, "role": "user", "content": "good morning"])
        let first = try client.call(
            "message.append", ["conversation_id": notes, "role": "user", "content": "heron one"])
        usleep(3000)
        _ = try client.call(
            "message.append",
            ["conversation_id": notes, "role": "user", "content": "heron two", "sibling_of": first["id"] ?? .null])
        _ = try client.call(
            "message.append", ["conversation_id": notes, "role": "assistant", "content": "heron three"])
        let birds = try #require(try client.call("conversation.create", ["title": "Birds"])["id"])
        let second = try client.call(
            "message.append", ["conversation_id": birds, "role": "user", "content": "a heron [sic] flew by"])
        return (greeting, first, second)
    }

    @Test func hitsAreGroupedUnderTheirConversationAfterTheMatchingTitles() throws {
        let (greeting, first, _) = try herons()
        let lines = try run(["search", "heron"]).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Conversations")
        #expect(lines.count { $0.hasPrefix("  ") && $0.contains("[Heron] field notes") } == 1)
        #expect(lines.count { $0.hasSuffix(" Heron field notes") && !$0.hasPrefix(" ") } == 1, "one header each")
        #expect(lines.count { $0.hasSuffix(" Birds") && !$0.hasPrefix(" ") } == 1)
        #expect(lines.filter { $0.hasPrefix("    ") }.count == 4, "each hit's snippet below its facts")
        #expect(lines.contains("    a [heron] [sic] flew by"))
        let firstSnippet = try #require(lines.firstIndex(of: "    [heron] one"))
        let firstFacts = lines[firstSnippet - 1]
        #expect(firstFacts.contains(" · " + String(first["id"]?.stringValue?.prefix(8) ?? "?")))
        #expect(firstFacts.hasPrefix("  user · "))
        let fork = String(greeting["id"]?.stringValue?.prefix(8) ?? "?")
        #expect(firstFacts.hasSuffix("branch 1/2 off " + fork), "\(firstFacts)")
        #expect(lines.count { $0.contains("branch ") } == 1, "hits on the current branch say nothing of it")
        let notesHeader = try #require(lines.firstIndex { $0.hasSuffix(" Heron field notes") })
        let birdsHeader = try #require(lines.firstIndex { $0.hasSuffix(" Birds") })
        let (notesEnd, birdsEnd) =
            notesHeader < birdsHeader ? (birdsHeader, lines.count) : (lines.count, notesHeader)
        #expect(lines[(notesHeader + 1)..<notesEnd].filter { $0.hasPrefix("    ") }.count == 3)
        #expect(lines[(birdsHeader + 1)..<birdsEnd].filter { $0.hasPrefix("    ") }.count == 1)
    }

    @Test func flatPrintsOneLinePerHitWithoutTitles() throws {
        _ = try herons()
        let lines = try run(["search", "heron", "--flat"]).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(!lines.contains("Conversations"))
        #expect(lines.allSatisfy { $0.contains(" · ") && $0.contains("[heron]") })
        #expect(lines.count { $0.contains("Birds") && $0.hasSuffix("a [heron] [sic] flew by") } == 1)
        #expect(lines.count { $0.contains("Heron field notes") } == 3)
    }

    @Test func orderRecentListsTheNewestFirst() throws {
        _ = try herons()
        let recent = try run(["search", "herons", "--flat", "--order", "recent"]).split(separator: "\n")
        #expect(recent.map { $0.hasSuffix("a [heron] [sic] flew by") } == [true, false, false, false])
        #expect(recent.last?.hasSuffix("[heron] one") == true, "word forms: herons finds heron")
        let (status, _, errors) = try daemon.run(["search", "heron", "--order", "newest"])
        #expect(status != 0)
        #expect(errors.contains("order"))
    }

    @Test func filtersAndJSONReachTheDaemon() throws {
        let (_, _, second) = try herons()
        _ = try client.call("conversation.update", ["id": second["conversation_id"] ?? .null, "archived": true])
        let archived = try JSONValue.parse(try run(["search", "heron", "--archived", "--json"]))
        #expect(archived["messages"]?.items.map { $0["message_id"] } == [second["id"]])
        #expect(archived["conversations"]?.items.isEmpty == true, "the archived conversation's title does not match")
        let current = try JSONValue.parse(try run(["search", "heron", "--no-archived", "--json"]))
        #expect(current["messages"]?.items.count == 3)
        #expect(current["conversations"]?.items.map { $0["title"] } == ["Heron field notes"])
        #expect(current["messages"]?.items.first?["snippet"]?.stringValue?.contains("[heron]") == true)
        _ = try client.call(
            "message.append",
            [
                "conversation_id": second["conversation_id"] ?? .null, "role": "user", "content": "heron relayed",
                "source": "open-webui",
            ])
        let relayed = try run(["search", "heron", "--source", "open-webui"])
        #expect(relayed.contains("from open-webui"))
        #expect(!relayed.contains("Conversations"), "titles are not searched when a filter narrows the messages")
        #expect(relayed.split(separator: "\n").filter { $0.hasPrefix("    ") }.count == 1)
        #expect(
            try run(["search", "albatross"]).trimmingCharacters(in: .whitespacesAndNewlines) == "no messages match")
    }

    @Test func onATerminalMatchesAreColouredAndTheTextsBracketsAreNot() throws {
        let id = try #require(try client.call("conversation.create", ["title": "Arrays [draft]"])["id"])
        _ = try client.call(
            "message.append", ["conversation_id": id, "role": "user", "content": "use a[i] to index the array"])
        let (status, output) = try daemon.runOnTerminal(["search", "index"])
        #expect(status == 0, "\(output)")
        let match = "\u{1B}[1;33mindex\u{1B}[0m"
        #expect(output.contains("use a[i] to \(match) the array"))
        #expect(output.components(separatedBy: "\u{1B}[1;33m").count == 2, "only the match is coloured")
        #expect(output.contains("Arrays [draft]"))
        let plain = try run(["search", "index"])
        #expect(plain.contains("use a[i] to [index] the array"))
        #expect(!plain.contains("\u{1B}"))
    }
}
