import Foundation
import ParleyCore
import Testing

@testable import ParleyDeepSeek

/// Requests built from stored branches: the API's message shapes, the settings as its fields, and what is
/// refused before anything is sent.
@Suite struct ChatRequestTests {
    private static let stamp = HybridTimestamp(milliseconds: 1, counter: 0, deviceID: EntityID.generate())
    private static let conversationID = EntityID.generate()

    private static func message(
        _ role: MessageRole, _ content: MessageContent, reasoning: String? = nil, toolCalls: JSONValue? = nil,
        toolCallID: String? = nil, name: String? = nil
    ) -> Message {
        Message(
            id: EntityID.generate(), conversationID: conversationID, parentID: nil, role: role, content: content,
            reasoningContent: reasoning, toolCalls: toolCalls, toolCallID: toolCallID, name: name, createdAt: 1,
            updatedAt: 1, hlc: stamp)
    }

    @Test func messagesTakeTheShapeTheAPIExpects() throws {
        let calls: JSONValue = [["id": "c1", "type": "function", "function": ["name": "f", "arguments": "{}"]]]
        let history = [
            Self.message(.system, .text("Rules."), name: "setup"),
            Self.message(.user, .parts([["type": "text", "text": "Look"]])),
            Self.message(.assistant, .text("Plain."), reasoning: "dropped: no tool call"),
            Self.message(.developer, .text("Dev note.")),
            Self.message(.assistant, .text(""), reasoning: "kept: it called a tool", toolCalls: calls),
            Self.message(.tool, .text("result"), toolCallID: "c1"),
        ]
        let request = try ChatRequest(
            model: "deepseek-v4-flash", history: history,
            settings: GenerationSettings(temperature: 0.7, stop: .multiple(["END"]), thinking: .disabled), prefix: nil)
        #expect(request.endpoint == .chat)
        #expect(
            try request.body(stream: false)
                == [
                    "model": "deepseek-v4-flash", "stream": false, "temperature": 0.7, "stop": ["END"],
                    "thinking": ["type": "disabled"],
                    "messages": [
                        ["role": "system", "content": "Rules.", "name": "setup"],
                        ["role": "user", "content": [["type": "text", "text": "Look"]]],
                        ["role": "assistant", "content": "Plain."],
                        ["role": "developer", "content": "Dev note."],
                        [
                            "role": "assistant", "content": "", "tool_calls": calls,
                            "reasoning_content": "kept: it called a tool",
                        ],
                        ["role": "tool", "content": "result", "tool_call_id": "c1"],
                    ],
                ])
    }

    @Test func aPrefixGoesLastWithItsThinkingToTheBetaEndpoint() throws {
        let request = try ChatRequest(
            model: "deepseek-v4-flash", history: [Self.message(.user, .text("Q"))], settings: GenerationSettings(),
            prefix: ChatRequest.Prefix(content: "```python\n", reasoningContent: "Code it."))
        #expect(request.endpoint == .chatBeta)
        let body = try request.body(stream: true)
        #expect(body["stream_options"] == ["include_usage": true])
        #expect(
            body["messages"]?.arrayValue?.last
                == ["role": "assistant", "content": "```python\n", "prefix": true, "reasoning_content": "Code it."])
    }

    @Test func whatTheAPIWouldRefuseIsRefusedFirst() {
        let assistantLeaf = [Self.message(.user, .text("Q")), Self.message(.assistant, .text("A"))]
        #expect(throws: ParleyError.self) {
            try ChatRequest(
                model: "deepseek-v4-flash", history: assistantLeaf, settings: GenerationSettings(), prefix: nil)
        }
        #expect(throws: ParleyError.self) {
            try ChatRequest(model: "deepseek-v4-flash", history: [], settings: GenerationSettings(), prefix: nil)
        }
        #expect(
            Self.refusedField { () throws(ParleyError) in
                _ = try ChatRequest(
                    model: "deepseek-v4-flash", history: [Self.message(.user, .text("Q"))],
                    settings: GenerationSettings(topP: 1.5), prefix: nil)
            } == "settings.top_p")
    }

    /// The field an invalid-value error names, or nil when `build` succeeds or fails otherwise.
    private static func refusedField(_ build: () throws(ParleyError) -> Void) -> String? {
        do {
            try build()
        } catch {
            if case let .invalidValue(field, _, _) = error { return field }
        }
        return nil
    }

    @Test func fimRequestsNameTheirFieldsWithoutAPrefix() throws {
        let request = try FIMRequest(
            model: "deepseek-v4-flash", prompt: "a", suffix: "c", maxTokens: 8, stop: .single("\n"), echo: true)
        #expect(
            request.body(stream: false)
                == [
                    "model": "deepseek-v4-flash", "prompt": "a", "suffix": "c", "max_tokens": 8, "stop": "\n",
                    "echo": true, "stream": false,
                ])
        #expect(
            Self.refusedField { () throws(ParleyError) in
                _ = try FIMRequest(model: "deepseek-v4-flash", prompt: "a", temperature: 9)
            }
                == "temperature")
    }

    @Test func fimAnswersAreReadFromTheirTextChoices() throws {
        let whole = try CompletionAccumulator.completion(
            fromBody: Array(#"{"choices":[{"index":0,"text":"mid","finish_reason":"stop"}]}"#.utf8))
        #expect(whole.content == "mid")
        #expect(whole.finishReason == "stop")
        var accumulator = CompletionAccumulator()
        #expect(try accumulator.apply(chunk: #"{"choices":[{"index":0,"text":"mi"}]}"#) == ChatDelta(content: "mi"))
        _ = try accumulator.apply(chunk: #"{"choices":[{"index":0,"text":"d","finish_reason":"stop"}]}"#)
        #expect(accumulator.completion.content == "mid")
    }
}

/// Costs computed from a price table are exact and never understated.
@Suite struct PriceTableTests {
    @Test func theDefaultTableChargesHitsMissesAndOutputExactly() throws {
        let usage = ChatUsage(
            promptTokens: 1_000, completionTokens: 300, totalTokens: 1_300, promptCacheHitTokens: 900,
            promptCacheMissTokens: 100, reasoningTokens: 200)
        let cost = try #require(PriceTable.deepSeekDefault.cost(of: usage, model: "deepseek-v4-flash"))
        // 900 × 0.0028 + 100 × 0.14 + 300 × 0.28, per million tokens.
        #expect(cost.description == "0.00010052")
        #expect(PriceTable.deepSeekDefault.cost(of: usage, model: "another-model") == nil)
    }

    @Test func promptTokensWithoutASplitAreChargedAsMisses() throws {
        let usage = ChatUsage(promptTokens: 1_000_000, completionTokens: 0, totalTokens: 1_000_000)
        #expect(PriceTable.deepSeekDefault.cost(of: usage, model: "deepseek-v4-flash")?.description == "0.14")
    }
}
