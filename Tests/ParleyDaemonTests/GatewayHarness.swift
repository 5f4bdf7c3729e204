import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport

/// A daemon serving the OpenAI-compatible gateway on a loopback port the system chose, with the fake DeepSeek
/// API behind it and a token issued to the frontend under test.
struct GatewayHarness {
    let server: FakeDeepSeekServer
    let daemon: DaemonHarness
    let client: DaemonClient
    /// `http://127.0.0.1:PORT/v1`, what a frontend is given as its base URL.
    let baseURL: String
    let token: String

    init(tokenName: String = "sdk") throws {
        server = try FakeDeepSeekServer()
        daemon = try DaemonHarness(
            arguments: ["--http-listen", "127.0.0.1:0"], environment: CompletionTests.api(server)
        )
        .start()
        client = try daemon.client(timeout: 30)
        baseURL = "http://127.0.0.1:\(try Self.port(daemon))/v1"
        token = try client.call("token.create", ["name": .string(tokenName)])["token"]?.stringValue ?? ""
    }

    /// The port the gateway reports listening on in the daemon's log.
    private static func port(_ daemon: DaemonHarness) throws -> Int {
        let deadline = Date().addingTimeInterval(10)
        let marker = "listening on 127.0.0.1:"
        while Date() < deadline {
            let log = daemon.log()
            if let range = log.range(of: marker) {
                let digits = log[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return port }
            }
            usleep(20_000)
        }
        throw ClientProgram.Failure(description: "the gateway did not report its port:\n\(daemon.log())")
    }

    /// Runs a scenario of `Tests/Clients/openai_client.py` and returns what the client printed.
    func scenario(_ name: String) throws -> JSONValue {
        let finished = try ClientProgram.run(
            try ClientProgram.tool("python3"), [ClientProgram.script("openai_client.py"), baseURL, token, name])
        guard finished.status == 0 else {
            throw ClientProgram.Failure(
                description: "scenario \(name) exited with \(finished.status):\n\(finished.errors)\n\(daemon.log())")
        }
        return try JSONParser.parse(Data(finished.output.utf8))
    }

    /// Every conversation, newest first.
    func conversations() throws -> [JSONValue] {
        try client.call("conversation.list").items
    }

    /// Every message of a conversation's tree, oldest first.
    func tree(_ id: JSONValue?) throws -> [JSONValue] {
        try client.call("message.list", ["conversation_id": id ?? .null, "all_branches": true]).items
    }

    /// The first draft the daemon keeps, waiting up to 15 s for one (a stopped answer is kept after its client
    /// has gone); nil when none came.
    func firstDraft() throws -> JSONValue? {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let draft = try client.call("draft.list").items.first { return draft }
            usleep(50_000)
        }
        return nil
    }

    /// The branch ending at the conversation's head.
    func branch(_ id: JSONValue?) throws -> [JSONValue] {
        try client.call("message.list", ["conversation_id": id ?? .null]).items
    }

    /// A streamed answer as DeepSeek sends it: the role, the text in two pieces, the finish, then usage.
    static func answer(
        _ text: String, reasoning: String? = nil, id: String = "cmpl-1", delayMilliseconds: Int = 0
    )
        -> FakeDeepSeekServer.Response
    {
        let half = text.index(text.startIndex, offsetBy: text.count / 2)
        var chunks: [String] = []
        if let reasoning {
            chunks.append(chunk(["role": "assistant", "reasoning_content": .string(reasoning)], id: id))
        }
        chunks += [
            chunk(["role": "assistant", "content": .string(String(text[..<half]))], id: id),
            chunk(["content": .string(String(text[half...]))], id: id),
            chunk([:], finish: "stop", id: id),
            usageChunk(id: id),
        ]
        return .stream(chunks, delayMilliseconds: delayMilliseconds)
    }

    static func chunk(_ delta: JSONValue, finish: String? = nil, id: String = "cmpl-1") -> String {
        let object: JSONValue = [
            "id": .string(id), "object": "chat.completion.chunk", "created": 1_764_000_000,
            "model": "deepseek-v4-flash", "system_fingerprint": "fp_test",
            "choices": [
                ["index": 0, "delta": delta, "logprobs": .null, "finish_reason": finish.map(JSONValue.string) ?? .null]
            ],
        ]
        return (try? JSONCoding.encode(object)) ?? "{}"
    }

    static func usageChunk(id: String = "cmpl-1") -> String {
        let object: JSONValue = [
            "id": .string(id), "object": "chat.completion.chunk", "created": 1_764_000_000,
            "model": "deepseek-v4-flash", "choices": [],
            "usage": [
                "prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15, "prompt_cache_hit_tokens": 0,
                "prompt_cache_miss_tokens": 10,
            ],
        ]
        return (try? JSONCoding.encode(object)) ?? "{}"
    }
}

/// Reading arrays in replies.
extension JSONValue {
    subscript(position: Int) -> JSONValue? {
        guard let list = arrayValue, list.indices.contains(position) else { return nil }
        return list[position]
    }
}
