import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// `chat.complete`, `chat.cancel` and `fim.complete` through a real daemon, against a real HTTP server on
/// 127.0.0.1 that plays DeepSeek's part: what is stored must be exactly what the server sent, and what the
/// server received exactly what the API expects.
@Suite struct CompletionTests {
    let server: FakeDeepSeekServer
    let daemon: DaemonHarness
    let client: DaemonClient

    init() throws {
        server = try FakeDeepSeekServer()
        daemon = try DaemonHarness(environment: Self.api(server)).start()
        client = try daemon.client(timeout: 30)
    }

    static func api(_ server: FakeDeepSeekServer) -> [String: String] {
        [
            "DEEPSEEK_BASE_URL": server.baseURL, "DEEPSEEK_BETA_URL": server.baseURL + "/beta",
            "DEEPSEEK_API_KEY": "sk-test-key",
        ]
    }

    /// A conversation with a system message and one user message; returns its id and the user message's id.
    private func conversation(settings: JSONValue? = nil) throws -> (id: String, userID: String) {
        var params: [String: JSONValue] = ["title": "t", "system": "Be brief."]
        if let settings { params["settings"] = settings }
        let id = try client.call("conversation.create", params)["id"]?.stringValue ?? ""
        let user = try client.call(
            "message.append", ["conversation_id": .string(id), "role": "user", "content": "Hi"])
        return (id, user["id"]?.stringValue ?? "")
    }

    private func sentBody(_ index: Int = 0) throws -> JSONValue {
        try JSONParser.parse(server.received[index].body)
    }

    private static func chunk(_ choice: JSONValue?, usage: JSONValue? = nil, id: String = "cmpl-1") -> String {
        var object: [String: JSONValue] = ["id": .string(id), "model": "deepseek-v4-flash"]
        object["choices"] = .array(choice.map { [$0] } ?? [])
        if let usage { object["usage"] = usage }
        return (try? JSONCoding.encode(JSONValue.object(object))) ?? "{}"
    }

    private static func delta(_ fields: JSONValue, finish: String? = nil) -> JSONValue {
        ["index": 0, "delta": fields, "finish_reason": finish.map(JSONValue.string) ?? .null]
    }

    /// A chunk carrying one tool-call fragment: the first names the call (`id`, `name`), later ones only add
    /// to its arguments.
    private static func toolCallChunk(id: String? = nil, name: String? = nil, arguments: String) -> String {
        var call: [String: JSONValue] = ["index": 0]
        var function: [String: JSONValue] = ["arguments": .string(arguments)]
        if let id {
            call["id"] = .string(id)
            call["type"] = "function"
        }
        if let name { function["name"] = .string(name) }
        call["function"] = .object(function)
        return chunk(delta(["tool_calls": [.object(call)]]))
    }

    private static let usage: JSONValue = [
        "prompt_tokens": 1_000_000, "completion_tokens": 2_000_000, "total_tokens": 3_000_000,
        "prompt_cache_hit_tokens": 400_000, "prompt_cache_miss_tokens": 600_000,
        "completion_tokens_details": ["reasoning_tokens": 7],
    ]

    @Test func aStreamedAnswerIsRelayedAndStoredExactlyWithItsUsageAndCost() throws {
        let (id, userID) = try conversation(settings: ["temperature": 0.5, "max_tokens": 100])
        var answer = FakeDeepSeekServer.Response.stream([
            Self.chunk(Self.delta(["role": "assistant", "reasoning_content": "Think"])),
            Self.chunk(Self.delta(["reasoning_content": "ing."])),
            Self.chunk(Self.delta(["content": "Hel"])),
            Self.chunk(Self.delta(["content": "lo 你好"], finish: "stop")),
            Self.chunk(nil, usage: Self.usage),
        ])
        answer.parts.insert((0, ": keep-alive\n\n"), at: 2)
        server.script(answer)
        var deltas: [JSONValue] = []
        let result = try client.call(
            "chat.complete",
            ["conversation_id": .string(id), "request_id": "r-1", "settings": ["temperature": 0.2]]
        ) { deltas.append($0) }

        let sent = try sentBody()
        #expect(server.received[0].path == "/chat/completions")
        #expect(server.received[0].headers["authorization"] == "Bearer sk-test-key")
        #expect(
            sent
                == [
                    "model": "deepseek-v4-flash", "temperature": 0.2, "max_tokens": 100, "stream": true,
                    "stream_options": ["include_usage": true],
                    "messages": [["role": "system", "content": "Be brief."], ["role": "user", "content": "Hi"]],
                ])
        let message = try #require(result["message"])
        #expect(result["request_id"] == "r-1")
        #expect(message["content"] == "Hello 你好")
        #expect(message["reasoning_content"] == "Thinking.")
        #expect(message["finish_reason"] == "stop")
        #expect(message["model"] == "deepseek-v4-flash")
        #expect(message["parent_id"] == .string(userID))
        #expect(deltas.map { $0["method"] } == Array(repeating: "chat.delta", count: 4))
        #expect(deltas.compactMap { $0["params"]?["content"]?.stringValue } == ["Hel", "lo 你好"])
        #expect(deltas.compactMap { $0["params"]?["reasoning_content"]?.stringValue } == ["Think", "ing."])
        #expect(
            deltas.allSatisfy { $0["params"]?["message_id"] == message["id"] && $0["params"]?["request_id"] == "r-1" })

        let usage = try #require(result["usage"])
        #expect(usage["message_id"] == message["id"])
        #expect(usage["prompt_cache_hit_tokens"] == 400_000)
        #expect(usage["reasoning_tokens"] == 7)
        // 0.4 × 0.0028 + 0.6 × 0.14 + 2 × 0.28 = 0.00112 + 0.084 + 0.56
        #expect(usage["cost"] == "0.64512")
        #expect(usage["price_table"] == "deepseek-2026-07-04")

        let stored = try client.call("message.get", ["id": message["id"] ?? .null])
        #expect(stored["content"] == "Hello 你好")
        let head = try client.call("conversation.get", ["id": .string(id)])["head_message_id"]
        #expect(head == message["id"])
        let summary = try client.call("usage.summary", ["group_by": "model"])
        #expect(summary["total"]?["cost"] == "0.64512")
    }

    @Test func subscribersOfTheConversationSeeTheDeltasThenTheStoredAnswer() throws {
        let (id, _) = try conversation()
        let watcher = try daemon.client()
        _ = try watcher.call("subscribe", ["conversation_id": .string(id)])
        server.script(
            .stream([
                Self.chunk(Self.delta(["content": "One "])),
                Self.chunk(
                    Self.delta(["content": "two."], finish: "stop"),
                    usage: ["prompt_tokens": 2, "completion_tokens": 2]),
            ]))
        let result = try client.call("chat.complete", ["conversation_id": .string(id)])
        var events: [JSONValue] = []
        while events.count < 4, let notification = try watcher.nextNotification() {
            events.append(notification["params"] ?? .null)
        }
        #expect(events.map { $0["type"] } == ["chat.delta", "chat.delta", "message.appended", "usage.recorded"])
        #expect(events.prefix(2).map { $0["delta"]?["content"] } == ["One ", "two."])
        #expect(events.prefix(2).allSatisfy { $0["delta"]?["message_id"] == result["message"]?["id"] })
        #expect(events[2]["message"]?["content"] == "One two.")
    }

    @Test func aPlainAnswerKeepsTheProvidersCostAndUsageOnTheFinishChunkIsRead() throws {
        let (id, _) = try conversation()
        server.script(
            .json(
                #"{"id":"c2","model":"deepseek-v4-flash","choices":[{"index":0,"message":{"role":"assistant","content":"Plain."},"finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,"cost":"0.000123","discount":"0.00001"}}"#
            ),
            .stream([
                Self.chunk(
                    Self.delta(["content": "Streamed."], finish: "stop"),
                    usage: ["prompt_tokens": 4, "completion_tokens": 1, "total_tokens": 5])
            ]))
        let plain = try client.call("chat.complete", ["conversation_id": .string(id), "stream": false])
        #expect(try sentBody()["stream"] == false)
        #expect(try sentBody()["stream_options"] == nil)
        #expect(plain["message"]?["content"] == "Plain.")
        #expect(plain["message"]?["finish_reason"] == "length")
        #expect(plain["usage"]?["cost"] == "0.000123")
        #expect(plain["usage"]?["discount"] == "0.00001")
        #expect(plain["usage"]?["price_table"] == .null)
        #expect(plain["usage"]?["request_id"] == "c2")

        _ = try client.call(
            "message.append", ["conversation_id": .string(id), "role": "user", "content": "Again"])
        let streamed = try client.call("chat.complete", ["conversation_id": .string(id)])
        #expect(streamed["message"]?["content"] == "Streamed.")
        #expect(streamed["usage"]?["prompt_tokens"] == 4)
        // 4 prompt tokens with no hit/miss split are charged as misses: 4 × 0.14 + 1 × 0.28, per million.
        #expect(streamed["usage"]?["cost"] == "0.00000084")
        let messages = try sentBody(1)["messages"]?.arrayValue ?? []
        #expect(messages.map { $0["role"] } == ["system", "user", "assistant", "user"])
        #expect(messages[2] == ["role": "assistant", "content": "Plain."])
    }

    @Test func toolCallFragmentsAreJoinedAndSentBackWithTheirReasoning() throws {
        let (id, _) = try conversation()
        server.script(
            .stream([
                Self.chunk(Self.delta(["reasoning_content": "Need weather."])),
                Self.toolCallChunk(id: "call_1", name: "weather", arguments: "{\"ci"),
                Self.toolCallChunk(arguments: "ty\":\"Oslo\"}"),
                Self.chunk(Self.delta([:], finish: "tool_calls"), usage: ["prompt_tokens": 1, "completion_tokens": 1]),
            ]),
            .stream([Self.chunk(Self.delta(["content": "Sunny."], finish: "stop"))]))
        let first = try client.call("chat.complete", ["conversation_id": .string(id)])
        let calls: JSONValue = [
            ["id": "call_1", "type": "function", "function": ["name": "weather", "arguments": "{\"city\":\"Oslo\"}"]]
        ]
        #expect(first["message"]?["tool_calls"] == calls)
        #expect(first["message"]?["finish_reason"] == "tool_calls")
        _ = try client.call(
            "message.append",
            ["conversation_id": .string(id), "role": "tool", "content": "12°C, sun", "tool_call_id": "call_1"])
        let second = try client.call("chat.complete", ["conversation_id": .string(id)])
        #expect(second["message"]?["content"] == "Sunny.")
        let messages = try sentBody(1)["messages"]?.arrayValue ?? []
        #expect(
            messages.suffix(2) == [
                [
                    "role": "assistant", "content": "", "tool_calls": calls, "reasoning_content": "Need weather.",
                ],
                ["role": "tool", "content": "12°C, sun", "tool_call_id": "call_1"],
            ])
    }

    @Test(arguments: [
        (400, "invalid_request_error", "the request was refused"), (401, "authentication_error", "DEEPSEEK_API_KEY"),
        (402, "insufficient_balance", "top it up"), (422, "invalid_parameters", "the request was refused"),
    ])
    func apiErrorsBecomeUpstreamErrorsWithStatusMessageAndHint(status: Int, type: String, hint: String) throws {
        let (id, _) = try conversation()
        server.script(
            .json(#"{"error":{"message":"refused: \#(type)","type":"\#(type)","code":"\#(type)"}}"#, status: status))
        let error = try #require(remoteError { try client.call("chat.complete", ["conversation_id": .string(id)]) })
        #expect(error.code == -32003)
        #expect(error.data?["status"] == .integer(Int64(status)))
        #expect(error.data?["message"] == .string("refused: \(type)"))
        #expect(error.data?["code"] == .string(type))
        #expect(error.data?["hint"]?.stringValue?.contains(hint) == true)
        #expect(error.message.contains("HTTP \(status)"))
        #expect(server.received.count == 1)
        let messages = try client.call("message.list", ["conversation_id": .string(id)]).items
        #expect(messages.count == 2)
        #expect(try client.call("draft.list").items.isEmpty)
    }

    @Test func rateLimitsAndServerFailuresAreRetriedHonouringRetryAfter() throws {
        let (id, _) = try conversation()
        let busy = #"{"error":{"message":"busy","type":"server_error","code":"busy"}}"#
        server.script(
            .json(busy, status: 429, headers: [("Retry-After", "0")]), .json(busy, status: 503),
            .stream([Self.chunk(Self.delta(["content": "Finally."], finish: "stop"))]))
        let result = try client.call("chat.complete", ["conversation_id": .string(id)])
        #expect(result["message"]?["content"] == "Finally.")
        #expect(server.received.count == 3)
        #expect(Set(try server.received.map { try JSONParser.parse($0.body) }).count == 1)
    }

    @Test func aStreamDroppedAfterOnlyToolCallFragmentsKeepsThemInTheDraft() throws {
        let (id, userID) = try conversation()
        var dropped = FakeDeepSeekServer.Response.stream(
            [
                Self.toolCallChunk(id: "call_7", name: "weather", arguments: "{\"ci"),
                Self.toolCallChunk(arguments: "ty\":\"Os"),
            ],
            done: false)
        dropped.dropAfterParts = true
        server.script(dropped)
        let error = try #require(remoteError { try client.call("chat.complete", ["conversation_id": .string(id)]) })
        #expect(error.code == -32003)
        let draftID = try #require(error.data?["draft_id"])
        let draft = try client.call("draft.get", ["id": draftID])
        #expect(draft["interrupted"] == true)
        #expect(draft["content"] == "")
        #expect(draft["parent_id"] == .string(userID))
        #expect(
            draft["tool_calls"]
                == [
                    [
                        "id": "call_7", "type": "function",
                        "function": ["name": "weather", "arguments": "{\"city\":\"Os"],
                    ]
                ])
    }

    @Test func aDroppedStreamBecomesAnInterruptedDraftThatAPrefixContinuationFinishes() throws {
        let (id, userID) = try conversation()
        var dropped = FakeDeepSeekServer.Response.stream(
            [Self.chunk(Self.delta(["content": "The answer "])), Self.chunk(Self.delta(["content": "is"]))],
            done: false)
        dropped.dropAfterParts = true
        server.script(
            dropped,
            .stream([
                Self.chunk(
                    Self.delta(["content": " 42."], finish: "stop"),
                    usage: ["prompt_tokens": 9, "completion_tokens": 2])
            ]))
        let error = try #require(remoteError { try client.call("chat.complete", ["conversation_id": .string(id)]) })
        #expect(error.code == -32003)
        #expect(error.data?["interrupted"] == true)
        let draftID = try #require(error.data?["draft_id"])
        let draft = try client.call("draft.get", ["id": draftID])
        #expect(draft["kind"] == "prefix")
        #expect(draft["interrupted"] == true)
        #expect(draft["content"] == "The answer is")
        #expect(draft["parent_id"] == .string(userID))

        let result = try client.call("chat.complete", ["conversation_id": .string(id), "draft_id": draftID])
        #expect(server.received[1].path == "/beta/chat/completions")
        let messages = try sentBody(1)["messages"]?.arrayValue ?? []
        #expect(messages.last == ["role": "assistant", "content": "The answer is", "prefix": true])
        #expect(messages.count == 3)
        #expect(result["message"]?["content"] == "The answer is 42.")
        #expect(result["removed_draft_id"] == draftID)
        #expect(remoteError { try client.call("draft.get", ["id": draftID]) }?.code == -32001)
        let branch = try client.call("message.list", ["conversation_id": .string(id)]).items
        #expect(branch.map { $0["content"] } == ["Be brief.", "Hi", "The answer is 42."])
    }

    @Test func aMalformedChunkKeepsThePartialAnswerAndNamesTheProblem() throws {
        let (id, _) = try conversation()
        server.script(.stream([Self.chunk(Self.delta(["content": "Part"])), "{not json"]))
        let error = try #require(remoteError { try client.call("chat.complete", ["conversation_id": .string(id)]) })
        #expect(error.code == -32003)
        #expect(error.message.contains("not JSON"))
        let draft = try client.call("draft.get", ["id": error.data?["draft_id"] ?? .null])
        #expect(draft["content"] == "Part")
    }

    @Test func aBodyThatIsNotTheAPIsIsAnUpstreamErrorAndStoresNothing() throws {
        let (id, _) = try conversation()
        server.script(.json("<html>gateway</html>"))
        let error = try #require(
            remoteError { try client.call("chat.complete", ["conversation_id": .string(id), "stream": false]) })
        #expect(error.code == -32003)
        #expect(error.message.contains("not JSON"))
        #expect(try client.call("message.list", ["conversation_id": .string(id)]).items.count == 2)
    }

    /// A slow stream: `count` chunks, each after `delay` ms.
    private static func slowStream(_ count: Int, delay: Int = 100) -> FakeDeepSeekServer.Response {
        .stream((0..<count).map { Self.chunk(Self.delta(["content": .string("w\($0) ")])) }, delayMilliseconds: delay)
    }

    @Test func cancelFromAnotherConnectionStopsTheGenerationAndKeepsItsText() throws {
        let (id, _) = try conversation()
        server.script(Self.slowStream(100))
        let socketPath = daemon.socketPath
        let canceller = Thread {
            guard let other = try? DaemonClient(socketPath: socketPath, receiveTimeoutSeconds: 15) else { return }
            for _ in 0..<200 {
                if (try? other.call("chat.cancel", ["request_id": "slow"])) != nil { return }
                usleep(50_000)
            }
        }
        var deltas = 0
        let result = try client.call("chat.complete", ["conversation_id": .string(id), "request_id": "slow"]) { _ in
            deltas += 1
            if deltas == 1 { canceller.start() }
        }
        #expect(result["interrupted"]?["reason"] == "cancelled")
        #expect(result["message"] == .null)
        let draft = try #require(result["interrupted"]?["draft"])
        #expect(draft["interrupted"] == true)
        #expect(draft["content"]?.stringValue?.hasPrefix("w0 ") == true)
        #expect((draft["content"]?.stringValue ?? "").split(separator: " ").count == deltas)
        #expect(deltas < 100)
        #expect(remoteError { try client.call("chat.cancel", ["request_id": "slow"]) }?.code == -32001)
    }

    @Test func cancelOnTheSameConnectionOvertakesTheCallItStops() throws {
        let (id, _) = try conversation()
        server.script(Self.slowStream(100))
        try client.sendRaw(
            #"{"jsonrpc":"2.0","id":1,"method":"chat.complete","params":{"conversation_id":"\#(id)","request_id":"mine"}}"#
                + "\n")
        var replies: [JSONValue] = []
        var cancelled = false
        while replies.count < 2, let line = try client.readLine() {
            let value = try JSONValue.parse(line)
            if value["method"] == "chat.delta", !cancelled {
                cancelled = true
                try client.sendRaw(
                    #"{"jsonrpc":"2.0","id":2,"method":"chat.cancel","params":{"request_id":"mine"}}"# + "\n")
            }
            if value["id"] != nil { replies.append(value) }
        }
        #expect(replies.map { $0["id"] } == [2, 1])
        #expect(replies.first?["result"]?["cancelled"] == true)
        #expect(replies.last?["result"]?["interrupted"]?["reason"] == "cancelled")
    }

    @Test func aClosedConnectionStopsItsGenerationAndTheTextIsKept() throws {
        let (id, _) = try conversation()
        server.script(Self.slowStream(100))
        let leaving = try daemon.client()
        try leaving.sendRaw(
            #"{"jsonrpc":"2.0","id":1,"method":"chat.complete","params":{"conversation_id":"\#(id)"}}"# + "\n")
        _ = try leaving.readLine()
        _ = consume leaving
        var drafts: [JSONValue] = []
        for _ in 0..<600 where drafts.isEmpty {
            usleep(50_000)
            drafts = try client.call("draft.list", ["conversation_id": .string(id)]).items
        }
        #expect(drafts.count == 1)
        #expect(drafts.first?["interrupted"] == true)
        #expect(drafts.first?["content"]?.stringValue?.hasPrefix("w0 ") == true)
    }

    @Test func aStoppingDaemonKeepsTheGenerationAsADraft() throws {
        let (id, _) = try conversation()
        server.script(Self.slowStream(200))
        try client.sendRaw(
            #"{"jsonrpc":"2.0","id":1,"method":"chat.complete","params":{"conversation_id":"\#(id)"}}"# + "\n")
        _ = try client.readLine()
        #expect(daemon.stop() == 0)
        var reply: JSONValue?
        while reply == nil, let line = try client.readLine() {
            let value = try JSONValue.parse(line)
            if value["id"] == 1 { reply = value }
        }
        #expect(reply?["result"]?["interrupted"]?["reason"] == "shutdown")
        try daemon.start()
        let drafts = try daemon.client().call("draft.list", ["conversation_id": .string(id)]).items
        #expect(drafts.count == 1)
        #expect(drafts.first?["content"]?.stringValue?.hasPrefix("w0 ") == true)
    }

    @Test func fimSendsPromptAndSuffixToTheBetaEndpointAndRecordsUsage() throws {
        server.script(
            .json(
                #"{"id":"f1","model":"deepseek-v4-flash","choices":[{"index":0,"text":"return a + b","finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14}}"#
            ))
        let result = try client.call(
            "fim.complete",
            ["prompt": "def add(a, b):\n    ", "suffix": "\n", "max_tokens": 64, "temperature": 0, "stop": ["\n\n"]])
        #expect(server.received[0].path == "/beta/completions")
        #expect(
            try sentBody()
                == [
                    "model": "deepseek-v4-flash", "prompt": "def add(a, b):\n    ", "suffix": "\n", "max_tokens": 64,
                    "temperature": 0, "stop": ["\n\n"], "stream": false,
                ])
        #expect(result["text"] == "return a + b")
        #expect(result["usage"]?["total_tokens"] == 14)
        #expect(try client.call("usage.summary", ["group_by": "model"])["total"]?["calls"] == 1)
    }

    @Test func badInputIsRefusedBeforeAnyRequestIsSent() throws {
        let (id, _) = try conversation()
        let composer = try client.call(
            "draft.save", ["conversation_id": .string(id), "kind": "composer", "content": "unsent"])
        let cases: [(String, [String: JSONValue], String)] = [
            (
                "chat.complete", ["conversation_id": .string(id), "settings": ["temperature": 3]],
                "settings.temperature"
            ),
            ("chat.complete", ["conversation_id": .string(id), "settings": ["max_tokens": 0]], "settings.max_tokens"),
            ("chat.complete", ["conversation_id": .string(id), "draft_id": composer["id"] ?? .null], "draft_id"),
            ("chat.complete", ["conversation_id": .string(id), "request_id": ""], "request_id"),
            ("fim.complete", ["prompt": "x", "thinking": "enabled"], "thinking"),
            ("fim.complete", ["prompt": "x", "top_p": 2], "top_p"),
        ]
        for (method, params, field) in cases {
            let error = remoteError { try client.call(method, params) }
            #expect(error?.code == -32602, "\(method) \(field)")
            #expect(error?.data?["field"] == .string(field), "\(method) \(field)")
        }
        server.script(.stream([Self.chunk(Self.delta(["content": "Answer."], finish: "stop"))]))
        _ = try client.call("chat.complete", ["conversation_id": .string(id)])
        let error = remoteError { try client.call("chat.complete", ["conversation_id": .string(id)]) }
        #expect(error?.code == -32602)
        #expect(error?.data?["field"] == "conversation_id")
        #expect(error?.message.contains("assistant message") == true)
        #expect(server.received.count == 1)
    }

    @Test func aConfigFileWithAnUnknownSettingIsRefusedNamingIt() throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.dataFolder, withIntermediateDirectories: true)
        #expect(
            FileManager.default.createFile(
                atPath: harness.dataFolder + "/config.json", contents: Data(#"{"api_kye":"x"}"#.utf8),
                attributes: [.posixPermissions: 0o600]))
        #expect(throws: DaemonHarness.HarnessError.self) { try harness.start() }
        #expect(harness.log().contains("api_kye is not a setting"))
    }

    @Test func withoutAKeyNothingIsSent() throws {
        let keyless = try DaemonHarness(environment: ["DEEPSEEK_BASE_URL": server.baseURL]).start()
        let client = try keyless.client()
        let id = try client.call("conversation.create", ["title": "t"])["id"] ?? .null
        _ = try client.call("message.append", ["conversation_id": id, "role": "user", "content": "Hi"])
        let error = remoteError { try client.call("chat.complete", ["conversation_id": id]) }
        #expect(error?.code == -32006)
        #expect(error?.message.contains("DEEPSEEK_API_KEY") == true)
        #expect(remoteError { try client.call("fim.complete", ["prompt": "x"]) }?.code == -32006)
        #expect(server.received.isEmpty)
    }

    @Test func theKeyComesFromAPrivateConfigFileAndAReadableOneIsRefused() throws {
        let harness = DaemonHarness(environment: ["DEEPSEEK_BASE_URL": server.baseURL])
        try FileManager.default.createDirectory(atPath: harness.dataFolder, withIntermediateDirectories: true)
        let path = harness.dataFolder + "/config.json"
        #expect(
            FileManager.default.createFile(
                atPath: path,
                contents: Data(
                    #"{"api_key":"sk-from-file","idle_timeout_seconds":5,"prices":{"name":"mine-2026","models":{"deepseek-v4-flash":{"cache_hit_input":"1","cache_miss_input":"2","output":"3"}}}}"#
                        .utf8),
                attributes: [.posixPermissions: 0o644]))
        #expect(throws: DaemonHarness.HarnessError.self) { try harness.start() }
        #expect(harness.log().contains("chmod 600"))
        #expect(!harness.log().contains("sk-from-file"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let client = try harness.start().client()
        let id = try client.call("conversation.create", ["title": "t"])["id"] ?? .null
        _ = try client.call("message.append", ["conversation_id": id, "role": "user", "content": "Hi"])
        server.script(
            .stream([
                Self.chunk(
                    Self.delta(["content": "Keyed."], finish: "stop"),
                    usage: ["prompt_tokens": 3, "completion_tokens": 1, "prompt_cache_hit_tokens": 1])
            ]))
        let result = try client.call("chat.complete", ["conversation_id": id])
        #expect(result["message"]?["content"] == "Keyed.")
        #expect(result["usage"]?["price_table"] == "mine-2026")
        // 1 hit × 1 + 2 misses × 2 + 1 output × 3, per million tokens.
        #expect(result["usage"]?["cost"] == "0.000008")
        #expect(server.received.last?.headers["authorization"] == "Bearer sk-from-file")
        #expect(!harness.log().contains("sk-from-file"))
    }
}

/// Prices in the config file that would make a cost no device can store are refused when the daemon starts
/// (found by fuzzing the config file: Fuzz/Regressions/FuzzConfigFile/cost-over-38-digits).
@Suite struct PriceBoundTests {
    @Test(arguments: [
        ("99999999999999999999999999999999999999", "at most 1000000 USD per million tokens"),
        ("1000000.5", "at most 1000000 USD per million tokens"),
        ("0.0000000000001", "at most 12 digits after the point"),
        // Fuzz/Regressions/FuzzConfigFile/cost-nan-tiny-price: a cost of it came out as NaN.
        ("0." + String(repeating: "0", count: 88) + "1", "at most 12 digits after the point"),
    ])
    func aPriceTooLargeOrTooFineToCostExactlyIsRefused(price: String, rule: String) throws {
        let harness = DaemonHarness()
        try FileManager.default.createDirectory(atPath: harness.dataFolder, withIntermediateDirectories: true)
        let text =
            #"{"prices":{"name":"p","models":{"m":{"cache_hit_input":"0","cache_miss_input":"\#(price)","output":"0"}}}}"#
        #expect(
            FileManager.default.createFile(
                atPath: harness.dataFolder + "/config.json", contents: Data(text.utf8),
                attributes: [.posixPermissions: 0o600]))
        #expect(throws: DaemonHarness.HarnessError.self) { try harness.start() }
        #expect(harness.log().contains("prices.models.m.cache_miss_input"), "\(harness.log())")
        #expect(harness.log().contains(rule))
    }
}

/// `parley ask`, `continue` and `fim` as a user types them, against the same fake API.
@Suite struct CompletionCommandTests {
    let server: FakeDeepSeekServer
    let daemon: DaemonHarness

    init() throws {
        server = try FakeDeepSeekServer()
        daemon = try DaemonHarness(environment: CompletionTests.api(server)).start()
    }

    private static func stream(
        _ pieces: [String], thinking: String? = nil, delay: Int = 0
    ) -> FakeDeepSeekServer.Response {
        var chunks: [String] = []
        if let thinking {
            chunks.append(#"{"choices":[{"index":0,"delta":{"reasoning_content":"\#(thinking)"}}]}"#)
        }
        chunks += pieces.map { #"{"model":"deepseek-v4-flash","choices":[{"index":0,"delta":{"content":"\#($0)"}}]}"# }
        chunks.append(
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"#
        )
        return .stream(chunks, delayMilliseconds: delay)
    }

    @Test func askStartsAConversationStreamsTheAnswerAndReportsTheCost() throws {
        server.script(Self.stream(["Hello", " there."], thinking: "Greeting."))
        let (status, output, errors) = try daemon.run(["ask", "Say hello"])
        #expect(status == 0, "\(errors)")
        #expect(output.contains("Greeting."))
        #expect(output.contains("Hello there."))
        #expect(errors.contains("15 tokens"))
        #expect(errors.contains("$0.0000028"))
        let sent = try JSONParser.parse(server.received[0].body)
        #expect(sent["messages"] == [["role": "user", "content": "Say hello"]])

        server.script(Self.stream(["Again."], thinking: "Hidden."))
        let conversations = try daemon.client().call("conversation.list").items
        let id = try #require(conversations.first?["id"]?.stringValue)
        let hidden = try daemon.run(["ask", String(id.prefix(8)), "More", "--no-thinking-output", "--no-thinking"])
        #expect(hidden.status == 0, "\(hidden.errors)")
        #expect(hidden.output.contains("Again."))
        #expect(!hidden.output.contains("Hidden."))
        #expect(try JSONParser.parse(server.received[1].body)["thinking"] == ["type": "disabled"])
        #expect(conversations.first?["title"] == "Say hello")
    }

    @Test func askWithJSONPrintsEachDeltaThenTheResult() throws {
        server.script(Self.stream(["A", "B"]))
        let (status, output, errors) = try daemon.run(["ask", "Letters?", "--json"])
        #expect(status == 0, "\(errors)")
        let lines = try output.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(lines.dropLast().compactMap { $0["content"]?.stringValue } == ["A", "B"])
        #expect(lines.last?["message"]?["content"] == "AB")
        #expect(lines.last?["usage"]?["total_tokens"] == 15)
    }

    @Test func ctrlCStopsTheAnswerKeepsTheDraftAndContinueFinishesIt() throws {
        server.script(Self.stream((0..<100).map { "w\($0) " }, delay: 100), Self.stream(["end."]))
        let process = Process()
        process.executableURL = DaemonHarness.executable
        process.arguments = ["ask", "Count"]
        process.environment = daemon.environment
        let (output, errors) = try ProcessLaunch.serialized {
            let pipes = (Pipe(), Pipe())
            process.standardOutput = pipes.0
            process.standardError = pipes.1
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return pipes
        }
        let first = output.fileHandleForReading.availableData
        #expect(String(decoding: first, as: UTF8.self).hasPrefix("w0"))
        kill(process.processIdentifier, SIGINT)
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(errorText.contains("parley continue"))
        let drafts = try daemon.client().call("draft.list").items
        #expect(drafts.count == 1)
        let kept = try #require(drafts.first?["content"]?.stringValue)
        #expect((String(decoding: first + rest, as: UTF8.self)).hasPrefix(kept.trimmingCharacters(in: .whitespaces)))

        let draftID = try #require(drafts.first?["id"]?.stringValue)
        let continued = try daemon.run(["continue", String(draftID.prefix(8))])
        #expect(continued.status == 0, "\(continued.errors)")
        #expect(continued.output.contains(kept + "end."))
        #expect(try daemon.client().call("draft.list").items.isEmpty)
        #expect(server.received[1].path == "/beta/chat/completions")
    }

    @Test func fimPrintsTheMiddle() throws {
        server.script(
            .json(
                #"{"model":"deepseek-v4-flash","choices":[{"index":0,"text":"a + b","finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":3,"total_tokens":7}}"#
            ))
        let folder = TemporaryFolder(prefix: "parley-fim")
        let prompt = folder.file("prompt.py")
        let suffix = folder.file("suffix.py")
        try "def add(a, b):\n    return ".write(toFile: prompt, atomically: true, encoding: .utf8)
        try "\n".write(toFile: suffix, atomically: true, encoding: .utf8)
        let (status, output, errors) = try daemon.run(["fim", "--prompt-file", prompt, "--suffix-file", suffix])
        #expect(status == 0, "\(errors)")
        #expect(output == "a + b")
        #expect(errors.contains("7 tokens"))
        let sent = try JSONParser.parse(server.received[0].body)
        #expect(sent["prompt"] == "def add(a, b):\n    return ")
        #expect(sent["suffix"] == "\n")
    }
}
