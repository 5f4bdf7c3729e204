import Foundation
import ParleyClient
import ParleyCore
import Testing

/// `search.messages` and `search.conversations` over the socket of a real daemon.
@Suite struct SearchMethodTests {
    let daemon: DaemonHarness
    let client: DaemonClient

    init() throws {
        daemon = try DaemonHarness().start()
        client = try daemon.client()
    }

    private func append(_ fields: [String: JSONValue]) throws -> JSONValue {
        try client.call("message.append", fields)
    }

    /// The hits of a search, by message id.
    private func hits(_ params: [String: JSONValue]) throws -> [JSONValue: JSONValue] {
        let items = try client.call("search.messages", params).items
        return Dictionary(items.map { ($0["message_id"] ?? .null, $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func messageHitsNameTheirSourceAndBranchAndFilterOnThem() throws {
        let kept = try #require(try client.call("conversation.create", ["title": "birds"])["id"])
        let question = try append(["conversation_id": kept, "role": "user", "content": "what eats a kestrel?"])
        let first = try append(["conversation_id": kept, "role": "assistant", "content": "a kestrel is rarely eaten"])
        usleep(3000)
        let second = try append([
            "conversation_id": kept, "role": "assistant", "content": "owls eat a kestrel now and then",
            "sibling_of": first["id"] ?? .null, "source": "aider",
        ])
        let old = try #require(try client.call("conversation.create", ["title": "old birds"])["id"])
        let archived = try append(["conversation_id": old, "role": "user", "content": "kestrel sightings"])
        _ = try client.call("conversation.update", ["id": old, "archived": true])

        let found = try hits(["query": "kestrel"])
        #expect(found.count == 4)
        #expect(found[second["id"] ?? .null]?["branch"] == .null)
        #expect(found[question["id"] ?? .null]?["branch"] == .null)
        #expect(
            found[first["id"] ?? .null]?["branch"]
                == ["fork_message_id": question["id"] ?? .null, "index": 1, "count": 2])
        #expect(found[second["id"] ?? .null]?["source"] == "aider")
        #expect(found[first["id"] ?? .null]?["source"] == .null)

        #expect(Array(try hits(["query": "kestrel", "source": "aider"]).keys) == [second["id"] ?? .null])
        #expect(Array(try hits(["query": "kestrel", "archived": true]).keys) == [archived["id"] ?? .null])
        #expect(
            Set(try hits(["query": "kestrel", "archived": false]).keys)
                == Set([question, first, second].map { $0["id"] ?? .null }))
        if let error = remoteError({ try client.call("search.messages", ["query": "kestrel", "source": ""]) }) {
            #expect(error.code == -32602)
            #expect(error.data?["field"] == "source")
        } else {
            Issue.record("an empty source was accepted")
        }
        if let error = remoteError({ try client.call("search.messages", ["query": "kestrel", "archived": "yes"]) }) {
            #expect(error.data?["field"] == "archived")
        } else {
            Issue.record("a string for archived was accepted")
        }
    }

    @Test func snippetsAndTitlesCarryTheMarkersAskedFor() throws {
        let id = try #require(try client.call("conversation.create", ["title": "Heron [field] notes"])["id"])
        _ = try append(["conversation_id": id, "role": "user", "content": "a heron stood in a[0]"])
        let old = try #require(try client.call("conversation.create", ["title": "Heron trips"])["id"])
        _ = try client.call("conversation.update", ["id": old, "archived": true])
        let marks: [String: JSONValue] = ["mark_open": "<mark>", "mark_close": "</mark>"]

        let titles = try client.call(
            "search.conversations", ["query": "heron", "archived": false].merging(marks) { $1 })
        #expect(titles["next_cursor"] == nil, "title search is not paged")
        #expect(titles.items.count == 1)
        let title = try #require(titles.items.first)
        #expect(title["conversation_id"] == id)
        #expect(title["title"] == "Heron [field] notes")
        #expect(title["highlighted"] == "<mark>Heron</mark> [field] notes")
        #expect(title["archived"] == false)
        #expect(RFC3339.milliseconds(from: title["updated_at"]?.stringValue ?? "") != nil)
        #expect(try client.call("search.conversations", ["query": "heron"]).items.count == 2)
        let archived = try client.call("search.conversations", ["query": "heron", "archived": true]).items
        #expect(archived.map { $0["conversation_id"] } == [old])
        #expect(archived.first?["highlighted"] == "[Heron] trips")

        let snippet = try client.call("search.messages", ["query": "heron"].merging(marks) { $1 }).items.first
        #expect(snippet?["snippet"] == "a <mark>heron</mark> stood in a[0]")

        let tooLong: [String: JSONValue] = ["query": "heron", "mark_open": .string(String(repeating: "<", count: 17))]
        for method in ["search.messages", "search.conversations"] {
            if let error = remoteError({ try client.call(method, tooLong) }) {
                #expect(error.code == -32602)
                #expect(error.data?["field"] == "mark_open")
                #expect(error.data?["rule"]?.stringValue?.contains("at most 16 characters") == true)
            } else {
                Issue.record("\(method) accepted a 17-character marker")
            }
        }
        if let error = remoteError({
            try client.call("search.conversations", ["query": "heron", "mark_close": "]\n"])
        }) {
            #expect(error.data?["field"] == "mark_close")
        } else {
            Issue.record("a marker with a newline was accepted")
        }
    }

    @Test func wordFormsAndTheOrderOfHits() throws {
        let id = try #require(try client.call("conversation.create", ["title": "Configuring nginx"])["id"])
        let ids = try ["configure it", "configured twice", "the configuration"].map { text in
            try append(["conversation_id": id, "role": "user", "content": .string(text)])["id"] ?? .null
        }
        let relevant = try client.call("search.messages", ["query": "configured"]).items
        #expect(Set(relevant.map { $0["message_id"] ?? .null }) == Set(ids))
        #expect(relevant.first?["message_id"] == ids[1], "the exact form first")
        #expect(relevant.first?["snippet"] == "[configured] twice")
        let recent = try client.call("search.messages", ["query": "configured", "order": "recent"]).items
        #expect(recent.map { $0["message_id"] ?? .null } == ids.reversed())
        #expect(recent.allSatisfy { $0["rank"] == 0 })
        let prefixes = try client.call("search.messages", ["query": "config*"]).items
        #expect(prefixes.map { $0["message_id"] ?? .null } == ids.reversed(), "prefixes only: newest first")
        let titles = try client.call("search.conversations", ["query": "configure"]).items
        #expect(titles.first?["highlighted"] == "[Configuring] nginx")
        if let error = remoteError({ try client.call("search.messages", ["query": "x", "order": "newest"]) }) {
            #expect(error.code == -32602)
            #expect(error.data?["field"] == "order")
            #expect(error.data?["rule"]?.stringValue?.contains("\"recent\"") == true)
        } else {
            Issue.record("an unknown order was accepted")
        }
    }

    @Test func discoveryDescribesBothSearchMethods() throws {
        let document = try client.call("rpc.discover")
        let methods = document["methods"]?.arrayValue ?? []
        let conversations = try #require(methods.first { $0["name"] == "search.conversations" })
        let names = Set((conversations["params"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        #expect(names == ["query", "archived", "limit", "mark_open", "mark_close"])
        let messages = try #require(methods.first { $0["name"] == "search.messages" })
        let messageParams = Set((messages["params"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        #expect(messageParams.isSuperset(of: ["source", "archived", "order", "mark_open", "mark_close"]))
        let schemas = document["components"]?["schemas"]
        #expect(schemas?["ConversationHit"]?["required"]?.arrayValue?.contains("highlighted") == true)
        #expect(schemas?["SearchHit"]?["properties"]?["branch"] != nil)
        #expect(schemas?["HitBranch"]?["required"] == ["fork_message_id", "index", "count"])
    }
}
