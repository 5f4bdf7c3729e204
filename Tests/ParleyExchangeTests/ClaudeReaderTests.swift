import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

@Suite struct ClaudeReaderTests {
    /// A conversation with parent fields: attachments, an answer that thinks, calls a tool and answers after
    /// its result, a prompt with only `text`, an answer that only thought, and an edited first prompt.
    static let conversation = #"""
        {"uuid": "c-1", "name": "", "summary": "A chat about notes", "created_at": "2024-05-01T12:00:00.000000Z",
         "updated_at": "2024-05-01T12:10:00.5Z", "current_leaf_message_uuid": "a1",
         "chat_messages": [
           {"uuid": "h1", "sender": "human", "text": "Read this", "content": [{"type": "text", "text": "Read this"}],
            "created_at": "2024-05-01T12:00:00Z",
            "attachments": [{"file_name": "notes.txt", "file_size": 5, "file_type": "txt",
                             "extracted_content": "hello"},
                            {"file_name": "scan.pdf", "file_size": 9, "file_type": "pdf"}],
            "files": [{"file_name": "photo.png", "file_uuid": "f-1"}],
            "parent_message_uuid": "00000000-0000-4000-8000-000000000000"},
           {"uuid": "a1", "sender": "assistant", "text": "", "created_at": "2024-05-01T12:00:05Z",
            "attachments": [], "files": [], "parent_message_uuid": "h1",
            "content": [{"type": "thinking", "thinking": "User wants a summary."},
                        {"type": "text", "text": "Let me check."},
                        {"type": "tool_use", "id": "toolu_1", "name": "web_search",
                         "input": {"query": "notes", "limit": 3}},
                        {"type": "tool_result", "tool_use_id": "toolu_1", "name": "web_search",
                         "content": [{"type": "text", "text": "3 results"}], "is_error": false},
                        {"type": "text", "text": "It says hello."}]},
           {"uuid": "h2", "sender": "human", "text": "Again", "content": [], "created_at": "2024-05-01T12:01:00Z",
            "attachments": [], "files": [], "parent_message_uuid": "a1"},
           {"uuid": "a2", "sender": "assistant", "text": "", "content": [{"type": "thinking", "thinking": "Hmm"}],
            "parent_message_uuid": "h2"},
           {"uuid": "h3", "sender": "human", "text": "Edited first",
            "content": [{"type": "text", "text": "Edited first"},
                        {"type": "image", "source": {"media_type": "image/png"}}],
            "parent_message_uuid": "00000000-0000-4000-8000-000000000000"},
           {"uuid": "a3", "sender": "assistant", "parent_message_uuid": "h3",
            "content": [{"type": "tool_use", "id": "toolu_2", "name": "run", "input": {}},
                        {"type": "tool_result", "tool_use_id": "toolu_2", "content": "boom", "is_error": true}]}
         ]}
        """#

    static func read(_ text: String) throws -> ImportedConversation {
        try ClaudeReader.conversation(from: ConversationShapes.parse(text))
    }

    @Test func readsTheConversation() throws {
        let conversation = try Self.read(Self.conversation)
        #expect(conversation.source == "claude")
        #expect(conversation.sourceID == "c-1")
        #expect(conversation.title == "")
        #expect(conversation.model == nil)
        #expect(conversation.createdAt == 1_714_564_800_000)
        #expect(conversation.updatedAt == 1_714_565_400_500)
        #expect(conversation.headSourceID == "a1:2")
        #expect(conversation.messages.map(\.sourceID) == ["h1", "a1", "a1:1", "a1:2", "h2", "a2", "h3", "a3", "a3:1"])
        #expect(conversation.messages.allSatisfy { $0.model == nil })
    }

    @Test func readsTheRootSentinelAndAnEditedFirstPrompt() throws {
        let conversation = try Self.read(Self.conversation)
        #expect(conversation.message(withSourceID: "h1")?.parentSourceID == nil)
        #expect(conversation.message(withSourceID: "h3")?.parentSourceID == nil)
        #expect(conversation.message(withSourceID: "h2")?.parentSourceID == "a1:2")
        #expect(
            conversation.message(withSourceID: "h3")?.content
                == .parts([
                    ["type": "text", "text": "Edited first"],
                    ["type": "claude.image", "source": ["media_type": "image/png"]],
                ]))
    }

    @Test func keepsAttachmentsAndFiles() throws {
        let prompt = try #require(try Self.read(Self.conversation).message(withSourceID: "h1"))
        #expect(prompt.role == .user)
        #expect(prompt.createdAt == 1_714_564_800_000)
        #expect(
            prompt.content
                == .parts([
                    ["type": "text", "text": "Read this"], ["type": "text", "text": "notes.txt:\nhello"],
                    ["type": "claude.file", "file_name": "scan.pdf", "file_size": 9, "file_type": "pdf"],
                    ["type": "claude.file", "file_name": "photo.png", "file_uuid": "f-1"],
                ]))
    }

    @Test func splitsAnAnswerAroundItsToolResult() throws {
        let conversation = try Self.read(Self.conversation)
        let call = try #require(conversation.message(withSourceID: "a1"))
        #expect(call.parentSourceID == "h1")
        #expect(call.role == .assistant)
        #expect(call.reasoningContent == "User wants a summary.")
        #expect(call.content == .text("Let me check."))
        #expect(
            call.toolCalls
                == [
                    [
                        "id": "toolu_1", "type": "function",
                        "function": ["name": "web_search", "arguments": #"{"limit":3,"query":"notes"}"#],
                    ]
                ])
        #expect(call.createdAt == 1_714_564_805_000)
        let result = try #require(conversation.message(withSourceID: "a1:1"))
        #expect(result.parentSourceID == "a1")
        #expect(result.role == .tool)
        #expect(result.toolCallID == "toolu_1")
        #expect(result.name == "web_search")
        #expect(result.content == .text("3 results"))
        #expect(result.status == .complete)
        let final = try #require(conversation.message(withSourceID: "a1:2"))
        #expect(final.parentSourceID == "a1:1")
        #expect(final.content == .text("It says hello."))
        #expect(final.toolCalls == nil)
        #expect(final.reasoningContent == nil)
        #expect(final.status == .complete)
    }

    @Test func usesTextWhenContentIsEmptyAndMarksThinkingOnlyAnswers() throws {
        let conversation = try Self.read(Self.conversation)
        #expect(conversation.message(withSourceID: "h2")?.content == .text("Again"))
        let thinking = try #require(conversation.message(withSourceID: "a2"))
        #expect(thinking.reasoningContent == "Hmm")
        #expect(thinking.status == .interrupted)
    }

    @Test func keepsAFailedToolResult() throws {
        let conversation = try Self.read(Self.conversation)
        let call = try #require(conversation.message(withSourceID: "a3"))
        #expect(call.status == .complete)
        #expect(call.toolCalls?.arrayValue?.first?["function"]?["arguments"] == "{}")
        let result = try #require(conversation.message(withSourceID: "a3:1"))
        #expect(result.status == .error)
        #expect(result.content == .text("boom"))
        #expect(result.name == "run")
    }

    @Test func derivesIdsForCallsAndResultsThatHaveNone() throws {
        let text = #"""
            {"uuid": "c", "chat_messages": [{"uuid": "a", "sender": "assistant", "content": [
              {"type": "tool_use", "name": "calc", "input": {"x": 1}}, {"type": "tool_result", "content": "1"},
              {"type": "text", "text": "One."}]}]}
            """#
        let conversation = try Self.read(text)
        #expect(conversation.message(withSourceID: "a")?.toolCalls?.arrayValue?.first?["id"] == "call_a_0")
        #expect(conversation.message(withSourceID: "a:1")?.toolCallID == "call_a_0")
        #expect(conversation.message(withSourceID: "a:1")?.name == "calc")
        #expect(try Self.read(text) == conversation)
    }

    @Test func readsAnOlderExportInListOrder() throws {
        let text = #"""
            {"uuid": "old", "name": "Old one", "created_at": "2023-07-01T08:00:00Z", "chat_messages": [
              {"uuid": "1", "sender": "human", "text": "Hi"}, {"uuid": "2", "sender": "assistant", "text": "Hello"},
              {"uuid": "3", "sender": "system", "text": "?"}, {"uuid": "4", "sender": "human", "text": "Bye"}]}
            """#
        let conversation = try Self.read(text)
        #expect(conversation.title == "Old one")
        #expect(conversation.headSourceID == nil)
        #expect(conversation.messages.map(\.sourceID) == ["1", "2", "4"])
        #expect(conversation.messages.map(\.parentSourceID) == [nil, "1", "2"])
        #expect(conversation.message(withSourceID: "2")?.content == .text("Hello"))
    }

    @Test func readsAnEmptyConversation() throws {
        let conversation = try Self.read(#"{"uuid": "e", "name": "", "chat_messages": []}"#)
        #expect(conversation.messages.isEmpty)
        #expect(conversation.title == "")
    }

    @Test func namesWhatIsDamaged() throws {
        let orphan = #"""
            {"uuid": "c", "chat_messages": [{"uuid": "1", "sender": "human", "parent_message_uuid": null},
              {"uuid": "2", "sender": "assistant", "parent_message_uuid": "zz"}]}
            """#
        #expect(
            throws: ImportItemFailure(
                #"chat_messages[1].parent_message_uuid names "zz", which is not a message of this conversation"#)
        ) { try Self.read(orphan) }
        let cycle = #"""
            {"uuid": "c", "chat_messages": [{"uuid": "1", "sender": "human", "parent_message_uuid": "2"},
              {"uuid": "2", "sender": "assistant", "parent_message_uuid": "1"}]}
            """#
        let failure = try #require(throws: ImportItemFailure.self) { try Self.read(cycle) }
        #expect(failure.reason.contains("cycle"))
        #expect(throws: ImportItemFailure.self) { try Self.read(#"{"uuid": 5.5, "chat_messages": []}"#) }
        #expect(throws: ImportItemFailure.self) { try Self.read(#"{"uuid": "c", "chat_messages": "none"}"#) }
    }

    @Test func recognizesClaudeAndNoOther() throws {
        for (format, text) in ConversationShapes.all {
            #expect(ClaudeReader.recognizes(try ConversationShapes.parse(text)) == (format == .claude), "\(text)")
        }
    }
}
