import Foundation
import ParleyCore
import ParleyDeepSeek
import Testing

@Suite struct CompletionAccumulatorTests {
    @Test func toolCallFragmentsJoinByIndexAndUsageComesOnTheLastEmptyChunk() throws {
        var accumulator = CompletionAccumulator()
        let chunks = [
            #"{"id":"c1","model":"deepseek-v4-flash","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Need "}}]}"#,
            #"{"choices":[{"index":0,"delta":{"reasoning_content":"weather."}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"ci"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Oslo\"}"}},{"index":1,"function":{"arguments":"{}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
            #"{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":4,"completion_tokens_details":{"reasoning_tokens":20}}}"#,
        ]
        var deltas: [ChatDelta] = []
        for chunk in chunks {
            if let delta = try accumulator.apply(chunk: chunk) { deltas.append(delta) }
        }
        #expect(deltas.count == 5)
        #expect(deltas[0] == ChatDelta(reasoningContent: "Need "))
        let completion = accumulator.completion
        #expect(completion.id == "c1")
        #expect(completion.model == "deepseek-v4-flash")
        #expect(completion.content == "")
        #expect(completion.reasoningContent == "Need weather.")
        #expect(completion.finishReason == "tool_calls")
        #expect(
            completion.toolCalls == [
                [
                    "id": "call_a", "type": "function",
                    "function": ["name": "weather", "arguments": #"{"city":"Oslo"}"#],
                ],
                ["id": "call_b", "type": "function", "function": ["name": "time", "arguments": "{}"]],
            ])
        #expect(
            completion.usage
                == ChatUsage(
                    promptTokens: 12, completionTokens: 30, totalTokens: 42, promptCacheHitTokens: 8,
                    promptCacheMissTokens: 4, reasoningTokens: 20))
    }

    @Test func usageOnTheFinishingChunkWithAGatewaysCost() throws {
        var accumulator = CompletionAccumulator()
        _ = try accumulator.apply(chunk: #"{"choices":[{"index":0,"delta":{"content":"Hi"}}]}"#)
        _ = try accumulator.apply(
            chunk:
                #"{"choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,"cost":"0.0000123","discount":0.5}}"#
        )
        #expect(accumulator.completion.content == "Hi!")
        #expect(accumulator.completion.finishReason == "stop")
        #expect(accumulator.completion.usage?.cost == DecimalAmount(trusted: Decimal(string: "0.0000123")!))
        #expect(accumulator.completion.usage?.discount == DecimalAmount(trusted: Decimal(string: "0.5")!))
    }

    @Test func whatIsNotTheAPIsShapeIsNamed() {
        var accumulator = CompletionAccumulator()
        #expect(throws: DeepSeekError.self) { try accumulator.apply(chunk: "{not json") }
        #expect(throws: DeepSeekError.malformed("delta.content must be a string, not 7")) {
            try accumulator.apply(chunk: #"{"choices":[{"index":0,"delta":{"content":7}}]}"#)
        }
        #expect(throws: DeepSeekError.self) {
            try accumulator.apply(chunk: #"{"choices":[],"usage":{"prompt_tokens":-1}}"#)
        }
        // A negative cost from the provider (Fuzz/Regressions/FuzzSSE/negative-cost) is not a cost.
        #expect(throws: DeepSeekError.malformed("usage.cost must be 0 or more, not -0.5")) {
            try accumulator.apply(chunk: #"{"choices":[],"usage":{"prompt_tokens":1,"cost":"-0.5"}}"#)
        }
        // Counts past any real call's are refused rather than added up until they overflow.
        #expect(
            throws: DeepSeekError.malformed(
                "usage.completion_tokens must be a count of tokens from 0 to 1000000000000, not 9223372036854775807")
        ) {
            try accumulator.apply(
                chunk: #"{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":9223372036854775807}}"#)
        }
    }

    @Test func aWholeBodyIsReadLikeAStream() throws {
        let body = #"""
            {"id":"x","model":"deepseek-v4-flash","choices":[{"index":0,"message":{"role":"assistant","content":"Done.","reasoning_content":"Think.","tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}
            """#
        let completion = try CompletionAccumulator.completion(fromBody: Array(body.utf8))
        #expect(completion.content == "Done.")
        #expect(completion.reasoningContent == "Think.")
        #expect(
            completion.toolCalls == [["id": "t", "type": "function", "function": ["name": "f", "arguments": "{}"]]])
        #expect(completion.usage?.totalTokens == 3)
        #expect(throws: DeepSeekError.malformed("the response has no choices")) {
            try CompletionAccumulator.completion(fromBody: Array(#"{"choices":[]}"#.utf8))
        }
    }
}
