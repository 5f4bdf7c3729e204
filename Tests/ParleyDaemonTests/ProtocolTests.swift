import Foundation
import ParleyClient
import ParleyCore
import Testing

/// JSON-RPC 2.0 as its specification says, over the socket: its own examples, pipelining and hostile input.
@Suite struct ProtocolTests {
    let daemon: DaemonHarness

    init() throws {
        daemon = try DaemonHarness(arguments: ["--max-line-bytes", "4096", "--partial-line-timeout", "1"]).start()
    }

    /// Sends `line` and returns the parsed reply line.
    private func exchange(_ client: DaemonClient, _ line: String) throws -> JSONValue {
        try client.sendRaw(line + "\n")
        return try JSONValue.parse(try client.readLine())
    }

    @Test func theSpecificationsExamplesGetTheSpecifiedReplies() throws {
        let client = try daemon.client()
        let unknown = try exchange(client, #"{"jsonrpc": "2.0", "method": "foobar", "id": "1"}"#)
        #expect(unknown["error"]?["code"] == -32601)
        #expect(unknown["id"] == "1")

        let invalidJSON = try exchange(client, #"{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]"#)
        #expect(invalidJSON["error"]?["code"] == -32700)
        #expect(invalidJSON["id"] == .null)

        let invalidRequest = try exchange(client, #"{"jsonrpc": "2.0", "method": 1, "params": "bar"}"#)
        #expect(invalidRequest["error"]?["code"] == -32600)
        #expect(invalidRequest["id"] == .null)

        let invalidBatchJSON = try exchange(
            client, #"[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method""#)
        #expect(invalidBatchJSON["error"]?["code"] == -32700)

        let emptyBatch = try exchange(client, "[]")
        #expect(emptyBatch["error"]?["code"] == -32600)
        #expect(emptyBatch["id"] == .null)

        let oneInvalid = try exchange(client, "[1]")
        #expect(oneInvalid.arrayValue?.count == 1)
        #expect(oneInvalid.arrayValue?.first?["error"]?["code"] == -32600)

        let threeInvalid = try exchange(client, "[1,2,3]")
        #expect(threeInvalid.arrayValue?.map { $0["error"]?["code"] } == [-32600, -32600, -32600])

        let mixed = try exchange(
            client,
            #"""
            [{"jsonrpc": "2.0", "method": "system.ping", "id": "1"},
             {"jsonrpc": "2.0", "method": "system.ping"},
             {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
             {"foo": "boo"},
             {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
             {"jsonrpc": "2.0", "method": "system.ping", "id": "9"}]
            """#.replacingOccurrences(of: "\n", with: ""))
        let replies = mixed.arrayValue ?? []
        #expect(replies.count == 5)
        #expect(replies.map { $0["id"] } == ["1", "2", .null, "5", "9"])
        #expect(replies[0]["result"]?["pong"] == true)
        #expect(replies[1]["error"]?["code"] == -32601)
        #expect(replies[2]["error"]?["code"] == -32600)
        #expect(replies[3]["error"]?["code"] == -32601)

        // Notifications get no reply, alone or in a batch: the next line is the ping's.
        try client.sendRaw(#"{"jsonrpc": "2.0", "method": "system.ping"}"# + "\n")
        try client.sendRaw(#"[{"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]}]"# + "\n")
        let next = try exchange(client, #"{"jsonrpc":"2.0","method":"system.ping","id":42}"#)
        #expect(next["id"] == 42)

        let positional = try exchange(client, #"{"jsonrpc":"2.0","method":"system.ping","params":[1],"id":7}"#)
        #expect(positional["error"]?["code"] == -32602)
        let wrongVersion = try exchange(client, #"{"jsonrpc":"1.0","method":"system.ping","id":8}"#)
        #expect(wrongVersion["error"]?["code"] == -32600)
        #expect(wrongVersion["id"] == 8)
        let objectID = try exchange(client, #"{"jsonrpc":"2.0","method":"system.ping","id":{"a":1}}"#)
        #expect(objectID["error"]?["code"] == -32600)
        #expect(objectID["id"] == .null)
    }

    /// Pings and lookups are answered on the event loop, appends in the connection's task; interleaved on one
    /// connection they are still answered in order, and each lookup sees the append sent before it.
    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let client = try daemon.client()
        let conversation = try client.call("conversation.create", ["title": "pipeline"])
        let id = try #require(conversation["id"]?.stringValue)
        var lines = ""
        for index in 0..<300 {
            switch index % 3 {
            case 0:
                lines += #"{"jsonrpc":"2.0","id":\#(index),"method":"system.ping"}"# + "\n"
            case 1:
                lines +=
                    #"{"jsonrpc":"2.0","id":\#(index),"method":"message.append","params":{"conversation_id":"\#(id)","role":"user","content":"m\#(index)"}}"#
                    + "\n"
            default:
                lines +=
                    #"{"jsonrpc":"2.0","id":\#(index),"method":"conversation.get","params":{"id":"\#(id)"}}"# + "\n"
            }
        }
        try client.sendRaw(lines)
        var contents: [JSONValue] = []
        var appended: JSONValue = .null
        for index in 0..<300 {
            let reply = try JSONValue.parse(try client.readLine())
            #expect(reply["id"] == .integer(Int64(index)))
            switch index % 3 {
            case 0:
                #expect(reply["result"]?["pong"] == true)
            case 1:
                contents.append(reply["result"]?["content"] ?? .null)
                appended = reply["result"]?["id"] ?? .null
            default:
                #expect(reply["result"]?["head_message_id"] == appended)
            }
        }
        let stored = try client.call("message.list", ["conversation_id": .string(id)])
        #expect(stored.items.map { $0["content"] ?? .null } == contents)
        #expect(contents.count == 100)
    }

    @Test func garbageGetsAParseErrorAndTheConnectionStaysUsable() throws {
        let client = try daemon.client()
        var garbage = [UInt8]()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            garbage.append(byte == UInt8(ascii: "\n") ? 0 : byte)
        }
        try client.sendRaw(bytes: garbage + [UInt8(ascii: "\n")])
        #expect(try JSONValue.parse(try client.readLine())["error"]?["code"] == -32700)
        #expect(try client.call("system.ping")["pong"] == true)
        let info = try client.call("system.info")
        #expect(info["counts"]?["messages"] == 0)
    }

    @Test func aLineOverTheLimitIsRefusedAndItsConnectionClosed() throws {
        let client = try daemon.client()
        let bystander = try daemon.client()
        try client.sendRaw(String(repeating: "x", count: 10_000) + "\n")
        let reply = try JSONValue.parse(try client.readLine())
        #expect(reply["error"]?["code"] == -32005)
        #expect(reply["error"]?["data"]?["maximum"] == 4096)
        #expect(try client.readLine() == nil)
        #expect(try bystander.call("system.ping")["pong"] == true)
    }

    @Test func halfALineThenSilenceIsToldAndClosed() throws {
        let client = try daemon.client()
        try client.sendRaw(#"{"jsonrpc":"2.0","method":"system.p"#)
        let reply = try JSONValue.parse(try client.readLine())
        #expect(reply["error"]?["code"] == -32600)
        #expect(reply["error"]?["message"]?.stringValue?.contains("newline") == true)
        #expect(try client.readLine() == nil)
        #expect(try daemon.client().call("system.ping")["pong"] == true)
    }

    @Test func aClientThatLeavesMidRequestHurtsNobody() throws {
        let conversation = try daemon.client().call("conversation.create", ["title": "leaver"])
        let id = try #require(conversation["id"]?.stringValue)
        for index in 0..<20 {
            let leaver = try daemon.client()
            try leaver.sendRaw(
                #"{"jsonrpc":"2.0","id":1,"method":"message.append","params":{"conversation_id":"\#(id)","role":"user","content":"bye \#(index)"}}"#
                    + "\n")
        }
        let survivor = try daemon.client()
        #expect(try survivor.call("system.ping")["pong"] == true)
        // Whatever each leaver's request managed, it was stored whole and once, or not at all.
        let stored = try survivor.call("message.list", ["conversation_id": .string(id), "all_branches": true])
        let contents = stored.items.compactMap { $0["content"]?.stringValue }
        #expect(contents.count == stored.items.count)
        #expect(Set(contents).count == contents.count)
        #expect(contents.allSatisfy { text in (0..<20).contains { text == "bye \($0)" } })
    }

    @Test func connectionsOverTheLimitAreToldSoAndOthersAreServed() throws {
        let limited = try DaemonHarness(arguments: ["--max-connections", "16"]).start()
        var clients: [DaemonClient] = []
        for _ in 0..<200 { clients.append(try limited.client()) }
        var served = 0
        var toldWhy = 0
        for client in clients {
            do {
                if try client.call("system.ping")["pong"] == true { served += 1 }
            } catch .rpc(let error) {
                #expect(error.code == -32005)
                #expect(error.message.contains("limit of 16"))
                toldWhy += 1
            } catch {
                // The daemon may close a refused connection before the request is even sent.
            }
        }
        // The harness's own readiness probe may still hold a slot for a moment.
        #expect((15...16).contains(served))
        #expect(toldWhy >= 150)
        clients.removeAll()
        var answered = false
        for _ in 0..<1000 where !answered {
            answered = (try? limited.client().call("system.ping"))?["pong"] == true
            if !answered { usleep(20_000) }
        }
        #expect(answered)
    }
}
