import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// The official `openai` Python SDK against the gateway of a real daemon, the fake DeepSeek API behind it:
/// what the SDK sees must be what a frontend expects of OpenAI, and what is stored one conversation tree.
@Suite struct GatewaySDKTests {
    let gateway: GatewayHarness

    init() throws {
        gateway = try GatewayHarness()
    }

    @Test func aThreeTurnChatResendingItsHistoryIsOneConversationOfSixMessagesOnOneBranch() throws {
        gateway.server.script(
            GatewayHarness.answer("First answer."), GatewayHarness.answer("Second answer."),
            GatewayHarness.answer("Third answer."))
        let seen = try gateway.scenario("three-turns")
        #expect(seen["answers"] == ["First answer.", "Second answer.", "Third answer."])
        #expect(seen["usage"] == 15)
        let conversations = try gateway.conversations()
        #expect(conversations.count == 1)
        let id = conversations.first?["id"]
        #expect(seen["conversations"] == .array([id ?? .null, id ?? .null, id ?? .null]))
        let branch = try gateway.branch(id)
        #expect(branch.map { $0["role"] } == ["user", "assistant", "user", "assistant", "user", "assistant"])
        #expect(
            branch.map { $0["content"] }
                == ["One?", "First answer.", "Two?", "Second answer.", "Three?", "Third answer."])
        #expect(branch.allSatisfy { $0["source"] == "sdk" })
        #expect(try gateway.tree(id).count == 6)
        #expect(conversations.first?["source"] == "sdk")
        let third = try JSONParser.parse(gateway.server.received[2].body)
        #expect(third["messages"]?.arrayValue?.count == 5)
        #expect(third["stream"] == true)
        #expect(gateway.server.received.allSatisfy { $0.headers["authorization"] == "Bearer sk-test-key" })
        let usage = try gateway.client.call("usage.summary", ["group_by": "conversation"])
        #expect(usage["total"]?["total_tokens"] == 45)
    }

    @Test func aStreamedAnswerArrivesChunkByChunkWithItsUsageChunkAndIsStored() throws {
        gateway.server.script(GatewayHarness.answer("Streamed reply.", reasoning: "Thinking first."))
        let seen = try gateway.scenario("streamed")
        #expect(seen["text"] == "Streamed reply.")
        #expect(seen["reasoning"] == "Thinking first.")
        #expect(seen["usage"] == 15)
        #expect(seen["finish"] == "stop")
        let branch = try gateway.branch(seen["conversation"])
        #expect(branch.last?["content"] == "Streamed reply.")
        #expect(branch.last?["reasoning_content"] == "Thinking first.")
    }

    @Test func aStreamWithoutIncludeUsageGetsNoUsageChunkButTheUsageIsRecorded() throws {
        gateway.server.script(GatewayHarness.answer("Quiet."))
        let seen = try gateway.scenario("streamed-without-usage")
        #expect(seen["text"] == "Quiet.")
        #expect(seen["usage_chunks"] == 0)
        let sent = try JSONParser.parse(gateway.server.received[0].body)
        #expect(sent["stream_options"] == ["include_usage": true])
        let usage = try gateway.client.call("usage.summary", ["group_by": "model"])
        #expect(usage["total"]?["total_tokens"] == 15)
    }

    @Test func theSameMessagesAgainAreARegenerateStoredAsASiblingAnswer() throws {
        gateway.server.script(GatewayHarness.answer("Seven."), GatewayHarness.answer("Three."))
        let seen = try gateway.scenario("regenerate")
        #expect(seen["answers"] == ["Seven.", "Three."])
        let conversations = try gateway.conversations()
        #expect(conversations.count == 1)
        let tree = try gateway.tree(conversations.first?["id"])
        #expect(tree.map { $0["role"] } == ["user", "assistant", "assistant"])
        #expect(tree[1]["parent_id"] == tree[0]["id"])
        #expect(tree[2]["parent_id"] == tree[0]["id"])
    }

    @Test func anEditedTurnIsANewBranchFromWhereItDiffers() throws {
        gateway.server.script(
            GatewayHarness.answer("Hi there."), GatewayHarness.answer("Cats purr."), GatewayHarness.answer("Dogs bark.")
        )
        let seen = try gateway.scenario("edit")
        #expect(seen["answer"] == "Dogs bark.")
        let conversations = try gateway.conversations()
        #expect(conversations.count == 1)
        let tree = try gateway.tree(conversations.first?["id"])
        #expect(tree.count == 6)
        let cats = try #require(tree.first { $0["content"] == "Tell me about cats." })
        let dogs = try #require(tree.first { $0["content"] == "Tell me about dogs." })
        #expect(cats["parent_id"] == dogs["parent_id"])
        #expect(cats["parent_id"] == tree.first { $0["content"] == "Hi there." }?["id"])
        let branch = try gateway.branch(conversations.first?["id"])
        #expect(branch.map { $0["content"] } == ["Hello.", "Hi there.", "Tell me about dogs.", "Dogs bark."])
    }

    @Test func aRateLimitTheSDKRetriesStoresTheTurnOnce() throws {
        let busy = FakeDeepSeekServer.Response.json(
            #"{"error":{"message":"Rate limit reached","type":"rate_limit_error","code":"rate_limit"}}"#, status: 429,
            headers: [("Retry-After", "0")])
        gateway.server.script(busy, busy, busy, busy, GatewayHarness.answer("Now free."))
        let seen = try gateway.scenario("retried")
        #expect(seen["answer"] == "Now free.")
        #expect(gateway.server.received.count == 5)
        let conversations = try gateway.conversations()
        #expect(conversations.count == 1)
        let tree = try gateway.tree(conversations.first?["id"])
        #expect(tree.map { $0["content"] } == ["Busy?", "Now free."])
    }

    @Test func fillInTheMiddleGoesToTheBetaBaseAndItsUsageIsRecorded() throws {
        gateway.server.script(
            .stream([
                #"{"id":"f1","object":"text_completion","created":1,"model":"deepseek-v4-flash","choices":[{"index":0,"text":"a + b","finish_reason":null}]}"#,
                #"{"id":"f1","object":"text_completion","created":1,"model":"deepseek-v4-flash","choices":[{"index":0,"text":"","finish_reason":"stop"}],"usage":{"prompt_tokens":6,"completion_tokens":3,"total_tokens":9}}"#,
            ]))
        let seen = try gateway.scenario("fim")
        #expect(seen["text"] == "a + b")
        #expect(seen["usage"] == 9)
        #expect(gateway.server.received.first?.path == "/beta/completions")
        let sent = try JSONParser.parse(gateway.server.received[0].body)
        #expect(sent["suffix"] == "\n")
        #expect(sent["prompt"] == "def add(a, b):\n    return ")
        #expect(try gateway.conversations().isEmpty)
    }

    @Test func aWrongTokenIsRefusedWith401InOpenAIsShapeAndReachesNothing() throws {
        let seen = try gateway.scenario("unauthorized")
        #expect(seen["status"] == 401)
        #expect(seen["message"]?.stringValue?.contains("parley token create") == true)
        #expect(gateway.server.received.isEmpty)
    }

    @Test func theModelsAreListed() throws {
        let seen = try gateway.scenario("models")
        #expect(seen["models"]?.arrayValue?.contains("deepseek-v4-flash") == true)
    }

    @Test func anUpstreamPaymentErrorKeepsItsStatusAndMessage() throws {
        gateway.server.script(
            .json(
                #"{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}"#,
                status: 402))
        let seen = try gateway.scenario("upstream-402")
        #expect(seen["status"] == 402)
        #expect(seen["body"]?["message"] == "Insufficient Balance")
        #expect(seen["body"]?["code"] == "invalid_request_error")
    }

    @Test func aBadParameterIs400NamingTheParameterAndNothingIsStored() throws {
        let seen = try gateway.scenario("invalid")
        #expect(seen["status"] == 400)
        #expect(seen["body"]?["param"] == "messages[0].role")
        #expect(seen["body"]?["message"]?.stringValue?.contains("wizard") == true)
        #expect(try gateway.conversations().isEmpty)
        #expect(gateway.server.received.isEmpty)
    }
}
