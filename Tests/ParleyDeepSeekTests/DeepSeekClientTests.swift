import Foundation
import ParleyCore
import ParleyTestSupport
import ParleyTransfer
import Synchronization
import Testing

@testable import ParleyDeepSeek

/// The client against a real HTTP server on 127.0.0.1 that plays scripted answers.
@Suite struct DeepSeekClientTests {
    let server: FakeDeepSeekServer
    let client: DeepSeekClient

    init() throws {
        server = try FakeDeepSeekServer()
        var configuration = DeepSeekConfiguration(baseURL: server.baseURL, apiKey: "sk-test-secret")
        configuration.idleTimeoutSeconds = 1
        configuration.retry.firstDelaySeconds = 0.01
        client = DeepSeekClient(configuration: configuration)
    }

    private let request: JSONValue = [
        "model": "deepseek-v4-flash", "stream": true, "messages": [["role": "user", "content": "Hi"]],
    ]

    /// What a call that must be cut off kept, and why it stopped; nil (and a recorded issue) otherwise.
    private func interruption(
        _ call: () async throws(DeepSeekError) -> ChatCompletion
    ) async -> (partial: ChatCompletion, reason: DeepSeekError.InterruptionReason)? {
        do {
            _ = try await call()
            Issue.record("the call succeeded")
        } catch {
            if case let .interrupted(partial, reason) = error { return (partial, reason) }
            Issue.record("the call failed otherwise: \(error)")
        }
        return nil
    }

    private static let chunks = [
        #"{"id":"c1","model":"deepseek-v4-flash","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Greet."}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"Hel"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":"lo ☀️"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}"#,
    ]

    @Test func aStreamIsRelayedDeltaByDeltaAndReturnedWhole() async throws {
        var answer = FakeDeepSeekServer.Response.stream(Self.chunks)
        answer.parts.insert((0, ": keep-alive\n\n"), at: 1)
        server.script(answer)
        let deltas = Mutex<[ChatDelta]>([])
        let completion = try await client.chat(request) { delta in deltas.withLock { $0.append(delta) } }
        #expect(completion.content == "Hello ☀️")
        #expect(completion.reasoningContent == "Greet.")
        #expect(completion.finishReason == "stop")
        #expect(completion.model == "deepseek-v4-flash")
        #expect(completion.usage?.totalTokens == 8)
        #expect(
            deltas.withLock { $0 } == [
                ChatDelta(reasoningContent: "Greet.", chunk: Self.chunks[0]), ChatDelta(comment: "keep-alive"),
                ChatDelta(content: "Hel", chunk: Self.chunks[1]), ChatDelta(content: "lo ☀️", chunk: Self.chunks[2]),
            ])
        let received = try #require(server.received.first)
        #expect(received.method == "POST")
        #expect(received.path == "/chat/completions")
        #expect(received.headers["authorization"] == "Bearer sk-test-secret")
        #expect(try JSONParser.parse(received.body) == request)
    }

    @Test func aPlainJSONAnswer() async throws {
        server.script(
            .json(
                #"{"id":"j","model":"deepseek-v4-flash","choices":[{"index":0,"message":{"role":"assistant","content":"Plain."},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}"#
            ))
        var plain = request
        if case var .object(fields) = plain {
            fields["stream"] = false
            plain = .object(fields)
        }
        let completion = try await client.chat(plain)
        #expect(completion.content == "Plain.")
        #expect(server.received.first?.headers["accept"] == "application/json")
    }

    @Test(arguments: [400, 401, 402, 422]) func errorStatusesAreReportedWithTheAPIsMessageAndNotRetried(
        status: Int
    ) async throws {
        server.script(
            .json(
                #"{"error":{"message":"refused \#(status)","type":"invalid_request_error","code":"c\#(status)"}}"#,
                status: status))
        await #expect(
            throws: DeepSeekError.api(
                status: status, message: "refused \(status)", type: "invalid_request_error", code: "c\(status)")
        ) {
            try await client.chat(request)
        }
        #expect(server.received.count == 1)
        #expect(DeepSeekError.api(status: status, message: "", type: nil, code: nil).hint != nil)
    }

    @Test func rateLimitsAndServerErrorsAreRetriedHonouringRetryAfter() async throws {
        let busy = #"{"error":{"message":"busy","type":"rate_limit","code":"429"}}"#
        server.script(
            .json(busy, status: 429, headers: [("Retry-After", "0.2")]),
            .json(#"{"error":{"message":"down","type":"server","code":"503"}}"#, status: 503),
            .json(#"{"error":{"message":"oops","type":"server","code":"500"}}"#, status: 500),
            .stream(Self.chunks))
        let started = Date()
        let completion = try await client.chat(request)
        #expect(completion.content == "Hello ☀️")
        #expect(server.received.count == 4)
        #expect(Date().timeIntervalSince(started) >= 0.2)
    }

    @Test func retriesStopAtTheirLimit() async throws {
        for _ in 0..<5 { server.script(.json(#"{"error":{"message":"down"}}"#, status: 503)) }
        await #expect(throws: DeepSeekError.api(status: 503, message: "down", type: nil, code: nil)) {
            try await client.chat(request)
        }
        #expect(server.received.count == 4)
    }

    @Test func aStreamCutOffKeepsWhatArrived() async throws {
        var dropped = FakeDeepSeekServer.Response.stream(Array(Self.chunks.prefix(2)), done: false)
        dropped.dropAfterParts = true
        server.script(dropped)
        let cut = try #require(await interruption { () async throws(DeepSeekError) in try await client.chat(request) })
        #expect(cut.partial.content == "Hel")
        #expect(cut.partial.reasoningContent == "Greet.")
        #expect(server.received.count == 1)
    }

    @Test func anIdleStreamTimesOutButKeepAlivesKeepItOpen() async throws {
        var alive = FakeDeepSeekServer.Response.stream(Self.chunks)
        let pings = (0..<4).map { _ in (400, ": keep-alive\n\n") }
        alive.parts.insert(contentsOf: pings, at: 1)
        server.script(alive)
        #expect(try await client.chat(request).content == "Hello ☀️")

        var stalled = FakeDeepSeekServer.Response.stream(Array(Self.chunks.prefix(2)), done: false)
        stalled.parts.append((3_000, "data: [DONE]\n\n"))
        server.script(stalled)
        let cut = try #require(await interruption { () async throws(DeepSeekError) in try await client.chat(request) })
        #expect(cut.partial.content == "Hel")
        #expect(cut.reason == .transport(.idleTimeout(seconds: 1)))
    }

    @Test func cancellingStopsAStreamAndKeepsWhatArrived() async throws {
        server.script(.stream(Self.chunks, delayMilliseconds: 300))
        let cancellation = CancellationFlag()
        let cut = try #require(
            await interruption { () async throws(DeepSeekError) in
                try await client.chat(request, cancellation: cancellation) { _ in cancellation.cancel() }
            })
        #expect(cut.partial.reasoningContent == "Greet.")
        #expect(cut.reason == .transport(.cancelled))
    }

    @Test func aChunkThatIsNotJSONEndsTheStreamNamingIt() async throws {
        server.script(.stream([Self.chunks[0], "{oops"]))
        let cut = try #require(await interruption { () async throws(DeepSeekError) in try await client.chat(request) })
        #expect(cut.partial.reasoningContent == "Greet.")
        guard case let .malformed(reason) = cut.reason else {
            Issue.record("stopped for another reason: \(cut.reason)")
            return
        }
        #expect(reason.contains("not JSON"))
    }

    @Test func prefixAndFIMGoToTheBetaBase() async throws {
        server.script(.stream(Self.chunks), .json(#"{"choices":[{"index":0,"message":{"content":"x"}}]}"#))
        _ = try await client.chat(request, endpoint: .chatBeta)
        _ = try await client.chat(["model": "deepseek-v4-flash", "prompt": "def f(", "suffix": ")"], endpoint: .fim)
        #expect(server.received.map(\.path) == ["/beta/chat/completions", "/beta/completions"])
    }

    @Test func withoutAKeyNothingIsSent() async throws {
        let keyless = DeepSeekClient(configuration: DeepSeekConfiguration(baseURL: server.baseURL))
        await #expect(throws: DeepSeekError.missingAPIKey) { try await keyless.chat(request) }
        #expect(server.received.isEmpty)
        #expect(!"\(client.configuration)".contains("sk-test-secret"))
    }

    @Test func aRefusedConnectionIsReportedAsAConnectionFailure() async throws {
        var configuration = DeepSeekConfiguration(baseURL: "http://127.0.0.1:9", apiKey: "k")
        configuration.retry.firstDelaySeconds = 0.01
        let unreachable = DeepSeekClient(configuration: configuration)
        do {
            _ = try await unreachable.chat(request)
            Issue.record("an unreachable server answered")
        } catch {
            guard case let .transport(.connection(message)) = error else {
                Issue.record("failed otherwise: \(error)")
                return
            }
            #expect(!message.isEmpty)
        }
    }
}
