import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// Frontends other than the SDK against the gateway of a real daemon: Open WebUI's requests, the `llm` CLI, a
/// browser tab that closes mid-answer, a tool-calling agent, and the JSON-RPC frontends watching it all live.
@Suite struct GatewayFrontendTests {
    let gateway: GatewayHarness

    init() throws {
        gateway = try GatewayHarness(tokenName: "open-webui")
    }

    @Test func openWebUIRequestsAreThreadedByChatIDAndItsTitleTaskTitlesTheConversation() throws {
        gateway.server.script(
            GatewayHarness.answer("Paris is the capital of France.", delayMilliseconds: 150),
            GatewayHarness.answer(#"{ "title": "🇫🇷 Capital of France" }"#, id: "cmpl-title"))
        let seen = try gateway.scenario("open-webui")
        #expect(seen["text"] == "Paris is the capital of France.")
        #expect(seen["title"]?["status"] == 200)
        #expect(seen["title"]?["answer"] == #"{ "title": "🇫🇷 Capital of France" }"#)
        let conversations = try gateway.conversations()
        #expect(conversations.count == 1)
        let conversation = try #require(conversations.first)
        #expect(conversation["id"] == seen["conversation"])
        #expect(conversation["title"] == "🇫🇷 Capital of France")
        let tree = try gateway.tree(conversation["id"])
        #expect(tree.map { $0["content"] } == ["What is the capital of France?", "Paris is the capital of France."])
        #expect(tree.allSatisfy { $0["source"] == "open-webui" })
        let usage = try gateway.client.call("usage.summary", ["group_by": "conversation"])
        let rows = usage["rows"]?.arrayValue ?? []
        #expect(rows.count == 1)
        #expect(rows.first?["key"] == conversation["id"])
        #expect(rows.first?["calls"] == 2)
        let title = try JSONParser.parse(gateway.server.received[1].body)
        #expect(title["messages"]?[0]?["content"]?.stringValue?.hasPrefix("### Task:") == true)

        gateway.server.script(GatewayHarness.answer("About two million people."))
        let again = try gateway.scenario("open-webui-follow-up")
        #expect(again["conversation"] == conversation["id"])
        let branch = try gateway.branch(conversation["id"])
        #expect(branch.count == 4)
        #expect(branch.last?["content"] == "About two million people.")
        #expect(try gateway.conversations().count == 1)
    }

    @Test func theLLMCommandsFollowUpIsOneConversationWithUsageAndCost() throws {
        gateway.server.script(
            GatewayHarness.answer("Hello from DeepSeek."), GatewayHarness.answer("More from DeepSeek."))
        let home = gateway.daemon.folder + "/llm"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try """
        - model_id: parley
          model_name: deepseek-v4-flash
          api_base: "\(gateway.baseURL)"
          api_key_name: parley
        """.write(toFile: home + "/extra-openai-models.yaml", atomically: true, encoding: .utf8)
        try #"{"parley": "\#(gateway.token)"}"#.write(toFile: home + "/keys.json", atomically: true, encoding: .utf8)
        let llm = try ClientProgram.tool("llm")
        let environment = ["LLM_USER_PATH": home]
        let first = try ClientProgram.run(llm, ["-m", "parley", "Say hello."], environment: environment)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("Hello from DeepSeek."))
        let second = try ClientProgram.run(llm, ["-m", "parley", "-c", "Say more."], environment: environment)
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.output.contains("More from DeepSeek."))

        let conversations = try gateway.conversations()
        #expect(conversations.count == 1)
        let branch = try gateway.branch(conversations.first?["id"])
        #expect(
            branch.map { $0["content"] } == ["Say hello.", "Hello from DeepSeek.", "Say more.", "More from DeepSeek."])
        let usage = try gateway.client.call("usage.summary", ["group_by": "conversation"])
        #expect(usage["rows"]?[0]?["key"] == conversations.first?["id"])
        #expect(usage["rows"]?[0]?["calls"] == 2)
        #expect(usage["total"]?["total_tokens"] == 30)
        #expect(usage["total"]?["cost"]?.stringValue?.isEmpty == false)
    }

    @Test func aSubscriberOnTheJSONRPCSocketSeesAGatewayAnswersDeltasLive() throws {
        let watcher = try gateway.daemon.client()
        _ = try watcher.call("subscribe", ["topics": ["chat.delta", "message.appended"]])
        gateway.server.script(GatewayHarness.answer("Live words.", reasoning: "Hmm."))
        let seen = try gateway.scenario("streamed")
        var events: [JSONValue] = []
        while events.count < 5, let notification = try watcher.nextNotification() {
            events.append(notification["params"] ?? .null)
        }
        #expect(
            events.map { $0["type"] } == [
                "message.appended", "chat.delta", "chat.delta", "chat.delta", "message.appended",
            ])
        #expect(events[0]["message"]?["content"] == "Stream?")
        #expect(events[1]["delta"]?["reasoning_content"] == "Hmm.")
        #expect(events[2...3].compactMap { $0["delta"]?["content"]?.stringValue }.joined() == "Live words.")
        #expect(events[4]["message"]?["content"] == "Live words.")
        #expect(events[1]["delta"]?["conversation_id"] == seen["conversation"])
    }

    @Test func aClientThatGoesAwayMidAnswerStopsItAndParleyContinueFinishesTheDraft() throws {
        let chunks =
            [GatewayHarness.chunk(["role": "assistant", "content": "Once upon"])]
            + (1...40).map { GatewayHarness.chunk(["content": .string(" word\($0)")]) }
        gateway.server.script(.stream(chunks, delayMilliseconds: 100))
        let seen = try gateway.scenario("dropped")
        #expect(seen["first"]?["choices"]?[0]?["delta"]?["content"] == "Once upon")
        let draft = try #require(try gateway.firstDraft())
        #expect(draft["kind"] == "prefix")
        #expect(draft["interrupted"] == true)
        #expect(draft["conversation_id"] == seen["conversation"])
        let kept = try #require(draft["content"]?.stringValue)
        #expect(kept.hasPrefix("Once upon"))
        #expect(!kept.hasSuffix("word40"))

        gateway.server.script(GatewayHarness.answer(" and they lived happily."))
        let continued = try gateway.daemon.run(["continue", try #require(draft["id"]?.stringValue)])
        #expect(continued.status == 0, "\(continued.errors)")
        #expect(gateway.server.received.last?.path == "/beta/chat/completions")
        let branch = try gateway.branch(seen["conversation"])
        #expect(branch.last?["content"] == .string(kept + " and they lived happily."))
        #expect(try gateway.client.call("draft.list").items.isEmpty)
    }

    @Test func aClientWaitingForAWholeAnswerThatGoesAwayStopsItAndLeavesADraft() throws {
        let chunks =
            [GatewayHarness.chunk(["role": "assistant", "content": "An essay"])]
            + (1...40).map { GatewayHarness.chunk(["content": .string(" line\($0)")]) }
        gateway.server.script(.stream(chunks, delayMilliseconds: 100))
        _ = try gateway.scenario("dropped-plain")
        let draft = try #require(try gateway.firstDraft())
        #expect(draft["interrupted"] == true)
        let kept = try #require(draft["content"]?.stringValue)
        #expect(kept.hasPrefix("An essay"))
        #expect(!kept.hasSuffix("line40"))
        let conversations = try gateway.conversations()
        #expect(try gateway.tree(conversations.first?["id"]).map { $0["role"] } == ["user"])
    }

    @Test func aTrailingPrefixMessageGoesToTheBetaBaseAndTheStoredAnswerStartsWithIt() throws {
        gateway.server.script(GatewayHarness.answer(" the roof, a soft drum."))
        let seen = try gateway.scenario("prefixed")
        #expect(seen["text"] == " the roof, a soft drum.")
        #expect(gateway.server.received.first?.path == "/beta/chat/completions")
        let sent = try JSONParser.parse(gateway.server.received[0].body)
        #expect(sent["messages"]?[1]?["prefix"] == true)
        let branch = try gateway.branch(seen["conversation"])
        #expect(branch.map { $0["content"] } == ["Write a haiku about rain.", "Soft rain on the roof, a soft drum."])
    }

    @Test func aToolCallTurnReplayedWithoutItsThinkingGetsItBackFromTheStoredBranch() throws {
        gateway.server.script(
            .stream([
                GatewayHarness.chunk(["role": "assistant", "reasoning_content": "Need the weather tool."]),
                GatewayHarness.chunk([
                    "tool_calls": [
                        [
                            "index": 0, "id": "call_1", "type": "function",
                            "function": ["name": "weather", "arguments": #"{"city":"Paris"}"#],
                        ]
                    ]
                ]),
                GatewayHarness.chunk([:], finish: "tool_calls"),
                GatewayHarness.usageChunk(),
            ]),
            GatewayHarness.answer("It is 22 °C in Paris."))
        let seen = try gateway.scenario("tool-turn")
        #expect(seen["call"] == #"{"city":"Paris"}"#)
        #expect(seen["finish"] == "tool_calls")
        #expect(seen["answer"] == "It is 22 °C in Paris.")
        let second = try JSONParser.parse(gateway.server.received[1].body)
        #expect(second["messages"]?[1]?["reasoning_content"] == "Need the weather tool.")
        #expect(second["tools"]?[0]?["function"]?["name"] == "weather")
        let conversations = try gateway.conversations()
        #expect(conversations.count == 1)
        let branch = try gateway.branch(conversations.first?["id"])
        #expect(branch.map { $0["role"] } == ["user", "assistant", "tool", "assistant"])
    }

    @Test func theGatewayAlsoAnswersOnItsUnixSocketBesideTheJSONRPCOne() throws {
        let socket = (gateway.daemon.socketPath as NSString).deletingLastPathComponent + "/parley-http.sock"
        let curl = try ClientProgram.run(
            "/usr/bin/curl",
            [
                "-sS", "--unix-socket", socket, "-H", "Authorization: Bearer \(gateway.token)",
                "http://localhost/v1/models",
            ])
        #expect(curl.status == 0, "\(curl.errors)")
        let models = try JSONParser.parse(Data(curl.output.utf8))
        #expect(models["object"] == "list")
        var status = stat()
        #expect(stat(socket, &status) == 0)
        #expect(status.st_mode & 0o077 == 0)
        let refused = try ClientProgram.run(
            "/usr/bin/curl", ["-sS", "--unix-socket", socket, "http://localhost/v1/models"])
        #expect(try JSONParser.parse(Data(refused.output.utf8))["error"]?["code"] == "invalid_api_key")
    }

    @Test func keepAlivesArePassedOnAndAStreamEndsWithDone() throws {
        var answer = GatewayHarness.answer("Kept alive.")
        answer.parts.insert((50, ": keep-alive\n\n"), at: 1)
        gateway.server.script(answer)
        let curl = try ClientProgram.run(
            "/usr/bin/curl",
            [
                "-sS", "-N", "-H", "Authorization: Bearer \(gateway.token)", "-H", "Content-Type: application/json",
                "-d", #"{"model":"deepseek-v4-flash","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#,
                gateway.baseURL + "/chat/completions",
            ])
        let lines = curl.output.split(separator: "\n").map(String.init)
        #expect(lines.contains(":keep-alive"))
        #expect(lines.last == "data: [DONE]")
        #expect(lines.filter { $0.hasPrefix("data: {") }.count == 3, "two of text, the finish; no usage chunk unasked")
        #expect(!curl.output.contains("sk-test-key"))
        #expect(!gateway.daemon.log().contains(gateway.token))
        #expect(!gateway.daemon.log().contains("sk-test-key"))
    }

    @Test func aSideTaskRecognisedByItsPromptIsRelayedAndRecordedAsUsageOnly() throws {
        gateway.server.script(GatewayHarness.answer(#"{"tags": ["Geography"]}"#))
        let curl = try ClientProgram.run(
            "/usr/bin/curl",
            [
                "-sS", "-H", "Authorization: Bearer \(gateway.token)", "-H", "Content-Type: application/json",
                "-d",
                ####"{"model":"deepseek-v4-flash","messages":[{"role":"user","content":"### Task:\nGenerate 1-3 broad tags categorizing the main themes of the chat history.\n<chat_history>\nUSER: Paris?\n</chat_history>"}]}"####,
                gateway.baseURL + "/chat/completions",
            ])
        let answer = try JSONParser.parse(Data(curl.output.utf8))
        #expect(answer["choices"]?[0]?["message"]?["content"] == #"{"tags": ["Geography"]}"#)
        #expect(try gateway.conversations().isEmpty)
        let usage = try gateway.client.call("usage.summary", ["group_by": "model"])
        #expect(usage["total"]?["calls"] == 1)
    }

    @Test func deepSeeksOwnFieldsReachItUntouched() throws {
        gateway.server.script(GatewayHarness.answer(#"{"answer": 4}"#))
        let body: JSONValue = [
            "model": "deepseek-v4-flash", "thinking": ["type": "enabled"], "reasoning_effort": "high",
            "response_format": ["type": "json_object"], "temperature": 0.3, "top_p": 0.9, "max_tokens": 512,
            "logprobs": true, "top_logprobs": 2, "stop": ["\n\n"], "user": "ada", "seed": 7,
            "messages": [["role": "system", "content": "Answer in JSON."], ["role": "user", "content": "2+2?"]],
        ]
        let curl = try ClientProgram.run(
            "/usr/bin/curl",
            [
                "-sS", "-H", "Authorization: Bearer \(gateway.token)", "-H", "Content-Type: application/json",
                "-d", try JSONCoding.encode(body), gateway.baseURL + "/chat/completions",
            ])
        #expect(
            try JSONParser.parse(Data(curl.output.utf8))["choices"]?[0]?["message"]?["content"] == #"{"answer": 4}"#)
        var sent = try #require(try JSONParser.parse(gateway.server.received[0].body).objectValue)
        #expect(sent.removeValue(forKey: "stream") == true)
        #expect(sent.removeValue(forKey: "stream_options") == ["include_usage": true])
        #expect(JSONValue.object(sent) == body)
        #expect(gateway.server.received[0].path == "/chat/completions")
    }

    @Test func explicitParleyIDsPlaceATurnUnderTheNamedMessage() throws {
        let conversation = try gateway.client.call("conversation.create", ["title": "Named"])
        let first = try gateway.client.call(
            "message.append", ["conversation_id": conversation["id"] ?? .null, "role": "user", "content": "Root"])
        gateway.server.script(GatewayHarness.answer("Under the root."))
        let curl = try ClientProgram.run(
            "/usr/bin/curl",
            [
                "-sS", "-H", "Authorization: Bearer \(gateway.token)", "-H", "Content-Type: application/json",
                "-H", "X-Parley-Conversation-Id: \(conversation["id"]?.stringValue ?? "")",
                "-H", "X-Parley-Parent-Id: \(first["id"]?.stringValue ?? "")",
                "-D", gateway.daemon.folder + "/headers.txt",
                "-d", #"{"model":"deepseek-v4-flash","messages":[{"role":"user","content":"Only the new turn"}]}"#,
                gateway.baseURL + "/chat/completions",
            ])
        let answer = try JSONParser.parse(Data(curl.output.utf8))
        #expect(answer["choices"]?[0]?["message"]?["content"] == "Under the root.")
        let headers = try String(contentsOfFile: gateway.daemon.folder + "/headers.txt", encoding: .utf8).lowercased()
        #expect(headers.contains("connection: close"), "a whole answer closes its connection and says so")
        #expect(answer["object"] == "chat.completion")
        #expect(answer["usage"]?["total_tokens"] == 15)
        #expect(answer["system_fingerprint"] == "fp_test")
        let branch = try gateway.branch(conversation["id"])
        #expect(branch.map { $0["content"] } == ["Root", "Only the new turn", "Under the root."])
        let sent = try JSONParser.parse(gateway.server.received[0].body)
        #expect(sent["messages"]?.arrayValue?.count == 1)
    }
}

/// Where the gateway may listen: loopback only, whichever way the address is given.
@Suite struct GatewayListenTests {
    @Test(arguments: ["0.0.0.0:8300", "192.168.1.5:8300", "[::]:8300", "127.0.0.1", "127.0.0.1:99999"])
    func aNonLoopbackOrMalformedAddressStopsTheDaemonWithTheReason(_ address: String) throws {
        let daemon = DaemonHarness(arguments: ["--http-listen", address])
        #expect(throws: DaemonHarness.HarnessError.self) { try daemon.start() }
        #expect(daemon.log().contains("--http-listen"))
        #expect(daemon.log().contains("loopback"))
    }

    @Test func theVariableAndTheConfigFileAreReadToo() throws {
        let fromVariable = DaemonHarness(environment: ["PARLEY_HTTP_LISTEN": "10.0.0.1:8300"])
        #expect(throws: DaemonHarness.HarnessError.self) { try fromVariable.start() }
        #expect(fromVariable.log().contains("PARLEY_HTTP_LISTEN"))

        let fromFile = DaemonHarness()
        let config = fromFile.folder + "/config.json"
        try #"{"http_listen": "example.com:80"}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let withFile = DaemonHarness(folder: fromFile.folder, environment: ["PARLEY_CONFIG": config])
        #expect(throws: DaemonHarness.HarnessError.self) { try withFile.start() }
        #expect(withFile.log().contains("http_listen"))
        #expect(withFile.log().contains("not a loopback address"))
    }
}
