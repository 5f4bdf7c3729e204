import Foundation
import GRDB
import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

@Suite struct LLMLogsReaderTests {
    /// Every item `forEach` produced, in order.
    func results(_ path: String) throws -> [Result<ImportedConversation, ImportItemFailure>] {
        let reader = try LLMLogsReader(path: path)
        var results: [Result<ImportedConversation, ImportItemFailure>] = []
        try reader.forEach { results.append($0) }
        #expect(try reader.conversationCount() == results.count)
        return results
    }

    func conversations(_ path: String) throws -> [ImportedConversation] {
        try results(path).compactMap { try? $0.get() }
    }

    func byID(_ conversation: ImportedConversation) -> [String: ImportedMessage] {
        Dictionary(conversation.messages.map { ($0.sourceID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: - ≤0.31 tables

    static let legacyRows = #"""
        INSERT INTO conversations VALUES ('01hconv', 'Explain this file…', 'gpt-4o');
        INSERT INTO fragments VALUES (1, 'h1', 'FILE CONTENTS', '2024-05-01T11:00:00', 'file.txt');
        INSERT INTO fragments VALUES (2, 'h2', 'Be terse.', '2024-05-01T11:00:00', NULL);
        INSERT INTO responses (id, model, resolved_model, prompt, system, response, conversation_id, duration_ms,
            datetime_utc, input_tokens, output_tokens, token_details, reasoning)
        VALUES
            ('01hr1', 'gpt-4o', 'gpt-4o-2024-08-06', 'Explain this file', 'You are helpful.', 'It is a file.',
             '01hconv', 1200, '2024-05-01T12:00:00.123456+00:00', 10, 5, NULL, NULL),
            ('01hr2', 'deepseek-reasoner', NULL, 'Why?', NULL, 'Because.', '01hconv', 800,
             '2024-05-01T12:01:00.000000+00:00', 20, 30,
             '{"prompt_cache_hit_tokens": 16, "prompt_cache_miss_tokens": 4,
               "completion_tokens_details": {"reasoning_tokens": 25}}', 'Let me think.'),
            ('01hr3', '', 'llama3.2:latest', 'What time is it?', 'Be verbose.', '', '01hconv', NULL,
             '2024-05-01T12:02:00+00:00', NULL, NULL, NULL, NULL),
            ('01hr4', 'llama3.2', NULL, '', NULL, 'It is noon.', '01hconv', NULL,
             '2024-05-01T12:03:00+00:00', NULL, NULL, NULL, NULL),
            ('01hr0', 'gpt-4o-mini', NULL, 'hi', NULL, '', NULL, NULL, '2024-05-01 12:00:00', NULL, NULL, NULL, NULL),
            ('01hr9', 'gpt-4o-mini', NULL, 'lost', NULL, 'found', 'no-such-conversation', NULL,
             '2024-05-01T12:00:00Z', NULL, NULL, NULL, NULL);
        INSERT INTO system_fragments VALUES ('01hr1', 2, 0);
        INSERT INTO prompt_fragments VALUES ('01hr1', 1, 0);
        INSERT INTO attachments VALUES ('a1', 'image/png', '/tmp/cat.png', NULL, NULL);
        INSERT INTO attachments VALUES ('a2', 'image/jpeg', NULL, NULL, X'FFD8');
        INSERT INTO prompt_attachments VALUES ('01hr2', 'a1', 0), ('01hr2', 'a2', 1);
        INSERT INTO tool_calls VALUES (1, '01hr3', NULL, 'clock', '{"tz": "UTC"}', 'call_abc');
        INSERT INTO tool_calls VALUES (2, '01hr3', NULL, 'weather', '{}', NULL);
        INSERT INTO tool_results VALUES (1, '01hr4', NULL, 'clock', '12:00', 'call_abc', NULL, NULL);
        INSERT INTO tool_results VALUES (2, '01hr4', NULL, 'weather', '', NULL, NULL, 'ConnectionError: offline');
        """#

    @Test func legacyConversationIsOneChainOfItsTurns() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("logs.db", LLMLogsFixture.legacyTables, Self.legacyRows)
        let all = try conversations(path)
        #expect(all.map(\.sourceID) == ["01hr0", "01hconv", "01hr9"])
        let conversation = try #require(all.first { $0.sourceID == "01hconv" })
        #expect(conversation.source == "llm")
        #expect(conversation.title == "Explain this file…")
        #expect(conversation.model == "gpt-4o")
        #expect(conversation.headSourceID == "01hr4")
        let ids = conversation.messages.map(\.sourceID)
        #expect(
            ids == [
                "01hr1:system", "01hr1:prompt", "01hr1", "01hr2:prompt", "01hr2", "01hr3:system", "01hr3:prompt",
                "01hr3", "01hr4:result:1", "01hr4:result:2", "01hr4",
            ])
        #expect(conversation.messages.map(\.parentSourceID) == [nil] + ids.dropLast().map { $0 })
        let messages = byID(conversation)
        #expect(messages["01hr1:system"]?.role == .system)
        #expect(messages["01hr1:system"]?.content == .text("Be terse.\n\nYou are helpful."))
        #expect(messages["01hr1:prompt"]?.content == .text("FILE CONTENTS\nExplain this file"))
        #expect(messages["01hr3:system"]?.content == .text("Be verbose."))
        #expect(messages["01hr1"]?.model == "gpt-4o")
        #expect(messages["01hr1"]?.createdAt == 1_714_564_800_123)
        #expect(messages["01hr1:prompt"]?.createdAt == 1_714_564_800_123)
        #expect(
            messages["01hr1"]?.usage == ImportedUsage(promptTokens: 10, completionTokens: 5, latencyMilliseconds: 1200))
        #expect(messages["01hr2"]?.reasoningContent == "Let me think.")
        #expect(messages["01hr2"]?.model == "deepseek-reasoner")
        #expect(
            messages["01hr2"]?.usage
                == ImportedUsage(
                    promptTokens: 20, completionTokens: 30, promptCacheHitTokens: 16, promptCacheMissTokens: 4,
                    reasoningTokens: 25, latencyMilliseconds: 800))
        #expect(messages["01hr3"]?.model == "llama3.2:latest")
        #expect(messages["01hr3"]?.usage == nil)
        #expect(messages["01hr3"]?.status == .complete)
        #expect(messages["01hr4"]?.content == .text("It is noon."))
    }

    @Test func legacyToolCallsAndResultsKeepTheirIds() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("logs.db", LLMLogsFixture.legacyTables, Self.legacyRows)
        let conversation = try #require(try conversations(path).first { $0.sourceID == "01hconv" })
        let messages = byID(conversation)
        let calls = try #require(messages["01hr3"]?.toolCalls?.arrayValue)
        #expect(
            calls == [
                ["id": "call_abc", "type": "function", "function": ["name": "clock", "arguments": #"{"tz": "UTC"}"#]],
                ["id": "call_01hr3:2", "type": "function", "function": ["name": "weather", "arguments": "{}"]],
            ])
        let first = try #require(messages["01hr4:result:1"])
        #expect(first.role == .tool)
        #expect(first.toolCallID == "call_abc")
        #expect(first.name == "clock")
        #expect(first.content == .text("12:00"))
        let second = try #require(messages["01hr4:result:2"])
        #expect(second.toolCallID == "call_01hr3:2")
        #expect(second.content == .text("ConnectionError: offline"))
        #expect(messages["01hr4:prompt"] == nil)
    }

    @Test func legacyAttachmentsMakeThePromptParts() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("logs.db", LLMLogsFixture.legacyTables, Self.legacyRows)
        let conversation = try #require(try conversations(path).first { $0.sourceID == "01hconv" })
        #expect(
            byID(conversation)["01hr2:prompt"]?.content
                == .parts([
                    ["type": "text", "text": "Why?"],
                    ["type": "llm.attachment", "id": "a1", "type_": "image/png", "path": "/tmp/cat.png"],
                    ["type": "llm.attachment", "id": "a2", "type_": "image/jpeg", "content": "/9g="],
                ]))
    }

    @Test func responsesOutsideAConversationStandAlone() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("logs.db", LLMLogsFixture.legacyTables, Self.legacyRows)
        let all = try conversations(path)
        let alone = try #require(all.first { $0.sourceID == "01hr0" })
        #expect(alone.title == "")
        #expect(alone.model == "gpt-4o-mini")
        #expect(alone.messages.map(\.sourceID) == ["01hr0:prompt", "01hr0"])
        #expect(alone.messages.last?.status == .interrupted)
        #expect(alone.messages.last?.createdAt == 1_714_564_800_000)
        let orphan = try #require(all.first { $0.sourceID == "01hr9" })
        #expect(orphan.messages.map(\.content) == [.text("lost"), .text("found")])
    }

    @Test func earlyLogsWithoutLaterColumnsAreRead() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database(
            "logs.db", LLMLogsFixture.earlyTables,
            #"""
            INSERT INTO conversations VALUES ('01hearly', 'hello', 'gpt-3.5-turbo');
            INSERT INTO responses VALUES
                ('01he1', 'gpt-3.5-turbo', 'hello', 'Be kind.', NULL, NULL, 'Hi!', NULL, '01hearly', 300,
                 '2023-07-12T08:00:00.500000'),
                ('01he2', 'gpt-3.5-turbo', 'bye', NULL, NULL, NULL, 'Bye!', NULL, '01hearly', 200,
                 '2023-07-12T08:01:00.000000');
            """#)
        let conversation = try #require(try conversations(path).first)
        #expect(conversation.messages.count == 5)
        #expect(conversation.messages.first?.content == .text("Be kind."))
        #expect(conversation.messages.allSatisfy { $0.usage == nil && $0.reasoningContent == nil })
        #expect(conversation.messages.last?.createdAt == 1_689_148_860_000)
    }

    // MARK: - 0.32+ tables

    static let treeRows = #"""
        INSERT INTO fragments VALUES (7, 'h7', 'LONG DOCUMENT', '2024-05-01 11:00:00', 'doc.txt');
        INSERT INTO messages VALUES
            ('b2:s', NULL, 'system', NULL), ('b2:u1', 'b2:s', 'user', NULL), ('b2:a1', 'b2:u1', 'assistant', NULL),
            ('b2:u2', 'b2:a1', 'user', NULL), ('b2:a2', 'b2:u2', 'assistant', NULL), ('b2:t2', 'b2:a2', 'tool', NULL),
            ('b2:a4', 'b2:t2', 'assistant', NULL), ('b2:u3', 'b2:a1', 'user', NULL),
            ('b2:a3', 'b2:u3', 'assistant', NULL), ('b2:x1', NULL, 'user', NULL), ('b2:x2', 'b2:x1', 'assistant', NULL);
        INSERT INTO parts (message_hash, position, type, tool_name, text, payload) VALUES
            ('b2:s', 0, 'text', NULL, 'Be terse.', NULL),
            ('b2:u1', 0, 'text', NULL, NULL, '{"text_ref": [{"fragment": 7}, {"literal": "\nSummarize it"}]}'),
            ('b2:a1', 0, 'reasoning', NULL, 'Thinking…', NULL),
            ('b2:a1', 1, 'text', NULL, 'A summary.', NULL),
            ('b2:u2', 0, 'text', NULL, 'What time is it?', NULL),
            ('b2:a2', 0, 'tool_call', 'clock', NULL,
             '{"name": "clock", "arguments": {"tz": "UTC"}, "tool_call_id": "call_1"}'),
            ('b2:a2', 1, 'tool_call', 'weather', NULL, '{"name": "weather", "arguments": {}}'),
            ('b2:t2', 0, 'tool_result', 'clock', NULL, '{"name": "clock", "output": "12:00", "tool_call_id": "call_1"}'),
            ('b2:t2', 1, 'tool_result', 'weather', NULL, '{"name": "weather", "output": "", "exception": "offline"}'),
            ('b2:a4', 0, 'text', NULL, 'It is noon.', NULL),
            ('b2:u3', 0, 'text', NULL, 'Another question', NULL),
            ('b2:a3', 0, 'text', NULL, 'A fork answer.', NULL),
            ('b2:a3', 1, 'citation', NULL, NULL, '{"url": "https://example.com"}'),
            ('b2:x1', 0, 'text', NULL, 'Solo', NULL),
            ('b2:x2', 0, 'reasoning', NULL, 'Hmm', NULL);
        INSERT INTO threads VALUES
            ('01ha', 'Summarize', 'b2:a4', NULL, '2024-05-01 12:00:00'),
            ('01hb', 'Summarize (fork)', 'b2:a3', '01ha', '2024-05-01 13:00:00.000000+00:00'),
            ('01hc', 'Solo', 'b2:x2', NULL, '2024-05-02 08:00:00'),
            ('01hempty', 'Nothing yet', NULL, NULL, '2024-05-03 08:00:00');
        INSERT INTO turns (id, thread_id, parent_message_hash, tip_message_hash, model, resolved_model, input_tokens,
            output_tokens, token_details, duration_ms, datetime_utc, response_json)
        VALUES
            ('01ht1', '01ha', 'b2:u1', 'b2:a1', 'deepseek-reasoner', NULL, 100, 50,
             '{"prompt_cache_hit_tokens": 64, "completion_tokens_details": {"reasoning_tokens": 30}}', 900,
             '2024-05-01T12:00:01.500000+00:00', '{"choices": [{"finish_reason": "stop"}]}'),
            ('01ht2', '01ha', 'b2:u2', 'b2:a2', 'gpt-4o', NULL, 7, 3, NULL, 100, '2024-05-01T12:05:00+00:00', NULL),
            ('01ht4', '01ha', 'b2:t2', 'b2:a4', 'gpt-4o', NULL, 9, 4, NULL, 100, '2024-05-01T12:06:00+00:00', NULL),
            ('01ht3', '01hb', 'b2:u3', 'b2:a3', 'claude-3-5-sonnet', NULL, 8, 2, NULL, 100,
             '2024-05-01T13:00:05+00:00', NULL);
        """#

    @Test func threadsSharingARootAreOneConversationWithForksAsBranches() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("logs.db", LLMLogsFixture.messageTables, Self.treeRows)
        let all = try conversations(path)
        #expect(all.map(\.sourceID) == ["01ha", "01hc"])
        let conversation = try #require(all.first)
        #expect(conversation.title == "Summarize")
        #expect(conversation.headSourceID == "b2:a3")
        #expect(conversation.model == "claude-3-5-sonnet")
        #expect(conversation.createdAt == 1_714_564_800_000)
        #expect(conversation.messages.count == 10)
        #expect(conversation.messages.filter { $0.content == .text("Be terse.") }.count == 1)
        let messages = byID(conversation)
        #expect(messages["b2:s"]?.parentSourceID == nil)
        #expect(messages["b2:u2"]?.parentSourceID == "b2:a1")
        #expect(messages["b2:u3"]?.parentSourceID == "b2:a1")
        #expect(messages["b2:a3"]?.parentSourceID == "b2:u3")
        #expect(messages["b2:u1"]?.content == .text("LONG DOCUMENT\nSummarize it"))
        #expect(messages["b2:a1"]?.reasoningContent == "Thinking…")
        #expect(messages["b2:a1"]?.content == .text("A summary."))
        #expect(messages["b2:a1"]?.finishReason == "stop")
        #expect(messages["b2:a1"]?.model == "deepseek-reasoner")
        #expect(messages["b2:a3"]?.model == "claude-3-5-sonnet")
        #expect(messages["b2:u1"]?.model == nil)
        #expect(
            messages["b2:a1"]?.usage
                == ImportedUsage(
                    promptTokens: 100, completionTokens: 50, promptCacheHitTokens: 64, reasoningTokens: 30,
                    latencyMilliseconds: 900))
        #expect(messages["b2:u2"]?.usage == nil)
    }

    @Test func messagesTakeTheTimeOfTheEarliestTurnOrThreadHoldingThem() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("logs.db", LLMLogsFixture.messageTables, Self.treeRows)
        let all = try conversations(path)
        let messages = byID(try #require(all.first))
        #expect(messages["b2:s"]?.createdAt == 1_714_564_801_500)
        #expect(messages["b2:a1"]?.createdAt == 1_714_564_801_500)
        #expect(messages["b2:a2"]?.createdAt == 1_714_565_100_000)
        #expect(messages["b2:a3"]?.createdAt == 1_714_568_405_000)
        let solo = try #require(all.last)
        #expect(solo.messages.map(\.createdAt) == [1_714_636_800_000, 1_714_636_800_000])
        #expect(solo.messages.last?.status == .interrupted)
        #expect(solo.messages.last?.reasoningContent == "Hmm")
    }

    @Test func toolCallsAndResultsPairUpInTheMessageStore() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("logs.db", LLMLogsFixture.messageTables, Self.treeRows)
        let messages = byID(try #require(try conversations(path).first))
        #expect(
            messages["b2:a2"]?.toolCalls
                == [
                    [
                        "id": "call_1", "type": "function",
                        "function": ["name": "clock", "arguments": #"{"tz":"UTC"}"#],
                    ],
                    ["id": "call_b2:a2:1", "type": "function", "function": ["name": "weather", "arguments": "{}"]],
                ])
        #expect(messages["b2:a2"]?.status == .complete)
        let first = try #require(messages["b2:t2"])
        #expect(first.role == .tool)
        #expect(first.toolCallID == "call_1")
        #expect(first.name == "clock")
        #expect(first.content == .text("12:00"))
        let second = try #require(messages["b2:t2:2"])
        #expect(second.parentSourceID == "b2:t2")
        #expect(second.toolCallID == "call_b2:a2:1")
        #expect(second.content == .text("offline"))
        #expect(messages["b2:a4"]?.parentSourceID == "b2:t2:2")
    }

    @Test func unknownPartTypesAreKeptAsNamespacedParts() throws {
        let fixture = try LLMLogsFixture()
        defer { fixture.remove() }
        let path = try fixture.database("logs.db", LLMLogsFixture.messageTables, Self.treeRows)
        let messages = byID(try #require(try conversations(path).first))
        #expect(
            messages["b2:a3"]?.content
                == .parts([
                    ["type": "text", "text": "A fork answer."],
                    ["type": "llm.citation", "url": "https://example.com"],
                ]))
    }
}
