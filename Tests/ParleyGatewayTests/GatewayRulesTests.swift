import HTTPTypes
import ParleyCore
import Testing

@testable import ParleyGateway

/// The gateway's rules that need no server: where it may listen, which requests are side tasks and what title
/// they give, which ids stand for a frontend's, and what a request body must hold.
@Suite struct GatewayRulesTests {
    @Test(arguments: [
        ("127.0.0.1:8300", "127.0.0.1", 8300), ("127.1.2.3:1", "127.1.2.3", 1), ("[::1]:8300", "::1", 8300),
        ("localhost:0", "127.0.0.1", 0),
    ])
    func loopbackAddressesAreAccepted(_ text: String, _ host: String, _ port: Int) throws {
        let address = try GatewayListenAddress(parsing: text, field: "--http-listen")
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test(arguments: ["0.0.0.0:8300", "10.0.0.1:80", "[::]:80", "128.0.0.1:80", "127.0.0.256:80", "example.com:80"])
    func otherAddressesAreRefusedNamingTheFieldAndTheRule(_ text: String) {
        do {
            _ = try GatewayListenAddress(parsing: text, field: "http_listen")
            Issue.record("\(text) was accepted")
        } catch let .invalidValue(field, value, rule) {
            #expect(field == "http_listen")
            #expect(value == text)
            #expect(rule.contains("not a loopback address"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "[::1]8300", ":8300"])
    func addressesWithoutAValidPortAreRefused(_ text: String) {
        #expect(throws: ParleyError.self) { try GatewayListenAddress(parsing: text, field: "--http-listen") }
    }

    @Test func sideTasksAreKnownByTheirHeaderOrTheirTaskPrompt() {
        #expect(SideTask(header: "title_generation", prompt: "anything") == .title)
        #expect(SideTask(header: "tags_generation", prompt: nil) == .other("tags_generation"))
        #expect(
            SideTask(header: nil, prompt: "### Task:\nGenerate a concise, 3-5 word title with an emoji") == .title
        )
        #expect(
            SideTask(header: nil, prompt: "### Task:\nSuggest 3-5 relevant follow-up questions") == .other("task")
        )
        #expect(SideTask(header: nil, prompt: "What is a ### Task: heading?") == nil)
        #expect(SideTask(header: nil, prompt: nil) == nil)
    }

    @Test func aTaskPromptIsFoundInTheLastUserMessageOrASystemMessage() throws {
        let asSystem = try ChatCompletionRequest(
            #require(
                try JSONParser.parse(
                    ####"{"model":"deepseek-v4-flash","messages":[{"role":"system","content":"### Task: title\nName this chat."},{"role":"user","content":"Cats and dogs"}]}"####
                        .utf8
                ).objectValue))
        #expect(SideTask(header: nil, prompt: asSystem.taskPrompt) == .title)
        let plain = try ChatCompletionRequest(
            #require(
                try JSONParser.parse(
                    #"{"model":"deepseek-v4-flash","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}"#
                        .utf8
                ).objectValue))
        #expect(SideTask(header: nil, prompt: plain.taskPrompt) == nil)
    }

    @Test func aTitleIsReadFromJSONOrTheFirstLine() {
        #expect(SideTask.title(from: #"{ "title": "🇫🇷 Capital of France" }"#) == "🇫🇷 Capital of France")
        #expect(SideTask.title(from: "```json\n{\"title\": \"Cats\"}\n```") == "Cats")
        #expect(SideTask.title(from: "\"**Dog breeds**\"\nmore text") == "Dog breeds")
        #expect(SideTask.title(from: "  \n") == nil)
        #expect(SideTask.title(from: String(repeating: "a", count: 500))?.count == 120)
    }

    @Test func aFrontendsIDIsTheSameParleyIDEveryTimeAndAnotherForAnotherKind() {
        let chat = ExternalID.derive("open-webui/chat", "3f2a")
        #expect(chat == ExternalID.derive("open-webui/chat", "3f2a"))
        #expect(chat != ExternalID.derive("open-webui/chat", "3f2b"))
        #expect(chat != ExternalID.derive("librechat/conversation", "3f2a"))
        #expect(EntityID(rawValue: chat.rawValue) == chat)
        #expect(Array(chat.rawValue)[14] == "8", "a version 8 UUID")
    }

    @Test func headersNameTheConversationTurnAndRetry() throws {
        var fields = HTTPFields()
        fields[HTTPField.Name("X-OpenWebUI-Chat-Id")!] = "c1"
        fields[HTTPField.Name("X-OpenWebUI-User-Message-Id")!] = "u1"
        fields[HTTPField.Name("X-OpenWebUI-Message-Id")!] = "a1"
        fields[HTTPField.Name("x-stainless-retry-count")!] = "1"
        let hints = try ThreadHints(fields)
        #expect(hints.conversationID == ExternalID.derive("open-webui/chat", "c1"))
        #expect(hints.conversationIsDerived)
        #expect(hints.turnID == ExternalID.derive("open-webui/message", "u1"))
        #expect(hints.answerID == ExternalID.derive("open-webui/message", "a1"))
        #expect(hints.isRetry)

        var placeholder = HTTPFields()
        placeholder[HTTPField.Name("X-LibreChat-Conversation-Id")!] = "new"
        placeholder[HTTPField.Name("x-stainless-retry-count")!] = "0"
        let none = try ThreadHints(placeholder)
        #expect(none.conversationID == nil)
        #expect(!none.isRetry)

        var wrong = HTTPFields()
        wrong[HTTPField.Name("X-Parley-Conversation-Id")!] = "not-a-uuid"
        #expect(throws: OpenAIError.self) { try ThreadHints(wrong) }
    }

    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":"hi"}]}"#, "model"),
        (#"{"model":"deepseek-v4-flash"}"#, "messages"),
        (#"{"model":"deepseek-v4-flash","messages":[]}"#, "messages"),
        (#"{"model":"deepseek-v4-flash","messages":["hi"]}"#, "messages[0]"),
        (#"{"model":"deepseek-v4-flash","messages":[{"role":"user","content":5}]}"#, "messages[0].content"),
        (#"{"model":"deepseek-v4-flash","messages":[{"role":"tool","content":"x"}]}"#, "messages[0].tool_call_id"),
        (#"{"model":"deepseek-v4-flash","stream":"yes","messages":[{"role":"user","content":"x"}]}"#, "stream"),
        (#"{"model":"deepseek-v4-flash","n":2,"messages":[{"role":"user","content":"x"}]}"#, "n"),
        (
            #"{"model":"deepseek-v4-flash","messages":[{"role":"assistant","content":"x","prefix":true},{"role":"user","content":"y"}]}"#,
            "messages[0].prefix"
        ),
    ])
    func aBadRequestBodyNamesItsParameter(_ body: String, _ param: String) throws {
        let object = try #require(try JSONParser.parse(body.utf8).objectValue)
        do {
            _ = try ChatCompletionRequest(object)
            Issue.record("\(body) was accepted")
        } catch {
            #expect(error.param == param)
            #expect(error.status == .badRequest)
        }
    }

    @Test func aTrailingPrefixMessageIsTheTextToContinue() throws {
        let body = try #require(
            try JSONParser.parse(
                #"{"model":"deepseek-v4-flash","messages":[{"role":"user","content":"Write"},{"role":"assistant","content":"Once","prefix":true}]}"#
                    .utf8
            ).objectValue)
        let request = try ChatCompletionRequest(body)
        #expect(request.messages.count == 1)
        #expect(request.prefix?.content == "Once")
    }
}
