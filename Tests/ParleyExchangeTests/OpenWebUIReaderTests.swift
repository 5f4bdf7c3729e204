import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

@Suite struct OpenWebUIReaderTests {
    /// An "export all" file: one chat with two models answering the first prompt, inline reasoning, an answer
    /// that called a tool (`output[]`), one cut off and one failed, and a stale `messages[]` copy.
    static let export = #"""
        [{"id": "w1", "user_id": "u1", "title": "Weather", "created_at": 1714564800, "updated_at": 1714564900,
          "archived": true, "pinned": true, "meta": {"tags": ["work", "", "math"]}, "folder_id": null,
          "chat": {"id": "w1", "title": "Weather", "models": ["llama3:8b", "qwen2.5"], "timestamp": 1714564800000,
                   "tags": ["math", {"name": "later"}],
                   "history": {"currentId": "a3", "messages": {
                     "q1": {"id": "q1", "parentId": null, "childrenIds": ["a1", "a2"], "role": "user",
                            "content": "Look", "timestamp": 1714564800,
                            "files": [{"type": "image", "url": "data:image/png;base64,AAAA"}]},
                     "a1": {"id": "a1", "parentId": "q1", "childrenIds": ["q2"], "role": "assistant",
                            "model": "llama3:8b", "modelName": "Llama 3", "modelIdx": 0, "timestamp": 1714564801000,
                            "content": "<details type=\"reasoning\" done=\"true\" duration=\"2\">\n<summary>Thought for 2 seconds</summary>\n> 2 &gt; 1 &amp;&amp; &quot;ok&quot;\n> it&#39;s fine\n</details>\nYes.",
                            "usage": {"prompt_tokens": 12, "completion_tokens": 30, "total_tokens": 42}, "done": true},
                     "a2": {"id": "a2", "parentId": "q1", "childrenIds": [], "role": "assistant", "model": "qwen2.5",
                            "modelIdx": 1, "content": "Also yes.", "timestamp": 1714564801, "done": true},
                     "q2": {"id": "q2", "parentId": "a1", "childrenIds": ["a3", "a4", "a5"], "role": "user",
                            "content": "Weather in Paris?", "timestamp": 1714564810},
                     "a3": {"id": "a3", "parentId": "q2", "childrenIds": [], "role": "assistant", "model": "llama3:8b",
                            "timestamp": 1714564811, "done": true,
                            "content": "<details type=\"tool_calls\" done=\"true\">stale</details>",
                            "output": [
                              {"type": "reasoning", "id": "r1",
                               "content": [{"type": "reasoning_text", "text": "Need the tool."}]},
                              {"type": "function_call", "id": "f1", "call_id": "call_w", "name": "get_weather",
                               "arguments": "{\"city\":\"Paris\"}"},
                              {"type": "function_call_output", "id": "o1", "call_id": "call_w",
                               "output": [{"type": "input_text", "text": "18°C"}]},
                              {"type": "message", "id": "m1", "role": "assistant",
                               "content": [{"type": "output_text", "text": "It is 18°C."}]}],
                            "usage": {"prompt_eval_count": 50, "eval_count": 9}},
                     "a4": {"id": "a4", "parentId": "q2", "role": "assistant", "content": "It is", "done": false},
                     "a5": {"id": "a5", "parentId": "q2", "role": "assistant", "content": "", "done": true,
                            "error": {"content": "Model not found"}}}},
                   "messages": [{"id": "q1", "role": "user", "content": "Look"},
                                {"id": "a1", "role": "assistant", "content": "stale"}]}}]
        """#

    static func chat() throws -> ImportedConversation {
        let elements = try #require(try ConversationShapes.parse(Self.export).arrayValue)
        let first = try #require(elements.first)
        #expect(OpenWebUIReader.recognizes(first))
        return try OpenWebUIReader.conversation(from: first)
    }

    @Test func readsTheChatAndItsFlags() throws {
        let conversation = try Self.chat()
        #expect(conversation.source == "open-webui")
        #expect(conversation.sourceID == "w1")
        #expect(conversation.title == "Weather")
        #expect(conversation.model == "llama3:8b")
        #expect(conversation.createdAt == 1_714_564_800_000)
        #expect(conversation.updatedAt == 1_714_564_900_000)
        #expect(conversation.tags == ["work", "math", "later"])
        #expect(conversation.archived)
        #expect(conversation.pinned)
        #expect(conversation.headSourceID == "a3:2")
    }

    @Test func readsTheHistoryNotTheStaleCopy() throws {
        let conversation = try Self.chat()
        #expect(
            conversation.messages.map(\.sourceID).sorted() == [
                "a1", "a2", "a3", "a3:1", "a3:2", "a4", "a5", "q1", "q2",
            ])
        #expect(conversation.message(withSourceID: "a1")?.content == .text("Yes."))
    }

    @Test func keepsTwoModelsAnsweringOnePromptAsSiblings() throws {
        let conversation = try Self.chat()
        let first = try #require(conversation.message(withSourceID: "a1"))
        let second = try #require(conversation.message(withSourceID: "a2"))
        #expect(first.parentSourceID == "q1")
        #expect(second.parentSourceID == "q1")
        #expect(first.model == "llama3:8b")
        #expect(second.model == "qwen2.5")
        #expect(first.usage == ImportedUsage(promptTokens: 12, completionTokens: 30, totalTokens: 42))
        #expect(second.usage == nil)
    }

    @Test func readsSecondsAndMilliseconds() throws {
        let conversation = try Self.chat()
        #expect(conversation.message(withSourceID: "q1")?.createdAt == 1_714_564_800_000)
        #expect(conversation.message(withSourceID: "a1")?.createdAt == 1_714_564_801_000)
        #expect(conversation.message(withSourceID: "a2")?.createdAt == 1_714_564_801_000)
        #expect(conversation.message(withSourceID: "a4")?.createdAt == nil)
    }

    @Test func takesReasoningOutOfTheContent() throws {
        let answer = try #require(try Self.chat().message(withSourceID: "a1"))
        #expect(answer.reasoningContent == "2 > 1 && \"ok\"\nit's fine")
        #expect(answer.status == .complete)
    }

    @Test func keepsAttachedFilesAsParts() throws {
        let prompt = try #require(try Self.chat().message(withSourceID: "q1"))
        #expect(prompt.role == .user)
        #expect(prompt.parentSourceID == nil)
        #expect(
            prompt.content
                == .parts([
                    ["type": "text", "text": "Look"],
                    ["type": "open-webui.image", "url": "data:image/png;base64,AAAA"],
                ]))
    }

    @Test func splitsAnAnswerThatCalledATool() throws {
        let conversation = try Self.chat()
        let call = try #require(conversation.message(withSourceID: "a3"))
        #expect(call.parentSourceID == "q2")
        #expect(call.role == .assistant)
        #expect(call.reasoningContent == "Need the tool.")
        #expect(call.content == .text(""))
        #expect(
            call.toolCalls
                == [
                    [
                        "id": "call_w", "type": "function",
                        "function": ["name": "get_weather", "arguments": #"{"city":"Paris"}"#],
                    ]
                ])
        #expect(call.status == .complete)
        #expect(call.usage == nil)
        let result = try #require(conversation.message(withSourceID: "a3:1"))
        #expect(result.parentSourceID == "a3")
        #expect(result.role == .tool)
        #expect(result.toolCallID == "call_w")
        #expect(result.name == "get_weather")
        #expect(result.content == .text("18°C"))
        let final = try #require(conversation.message(withSourceID: "a3:2"))
        #expect(final.parentSourceID == "a3:1")
        #expect(final.content == .text("It is 18°C."))
        #expect(final.model == "llama3:8b")
        #expect(final.toolCalls == nil)
        #expect(final.usage == ImportedUsage(promptTokens: 50, completionTokens: 9))
        #expect(final.createdAt == 1_714_564_811_000)
    }

    @Test func marksCutOffAndFailedAnswers() throws {
        let conversation = try Self.chat()
        #expect(conversation.message(withSourceID: "a4")?.status == .interrupted)
        #expect(conversation.message(withSourceID: "a4")?.content == .text("It is"))
        let failed = try #require(conversation.message(withSourceID: "a5"))
        #expect(failed.status == .error)
        #expect(failed.content == .text("Model not found"))
    }

    @Test func readsAOneElementExportAndABareChat() throws {
        let one = try #require(try ConversationShapes.parse("[\(ConversationShapes.openWebUI)]").arrayValue?.first)
        #expect(OpenWebUIReader.recognizes(one))
        let wrapped = try OpenWebUIReader.conversation(from: one)
        #expect(wrapped.messages.count == 2)
        #expect(wrapped.headSourceID == "a")
        #expect(wrapped.archived == false)
        let bare = try OpenWebUIReader.conversation(
            from: try ConversationShapes.parse(ConversationShapes.openWebUIBareChat))
        #expect(bare.sourceID == "chat-1714564800000")
        #expect(bare.createdAt == 1_714_564_800_000)
        #expect(bare.title == "Hi")
        #expect(bare.headSourceID == "q")
        #expect(bare.tags.isEmpty)
    }

    @Test func readsTheLinearCopyWhenThereIsNoHistory() throws {
        let text = #"""
            {"id": "b2", "title": "Old", "models": ["mistral"], "history": {"messages": {}},
             "messages": [{"id": "m1", "role": "user", "content": "Hi", "timestamp": 1714564800},
                          {"id": "m2", "role": "assistant", "content": "Hello", "model": "mistral"},
                          {"role": "assistant", "content": "no id"},
                          {"id": "m3", "role": "user", "content": "Again"}]}
            """#
        let conversation = try OpenWebUIReader.conversation(from: try ConversationShapes.parse(text))
        #expect(conversation.messages.map(\.sourceID) == ["m1", "m2", "m3"])
        #expect(conversation.messages.map(\.parentSourceID) == [nil, "m1", "m2"])
        #expect(conversation.headSourceID == "m3")
        #expect(conversation.message(withSourceID: "m2")?.model == "mistral")
    }

    @Test func givesAToolMessageWithoutACallIdOne() throws {
        let text = #"""
            {"id": "t", "history": {"messages": {"q": {"role": "user", "content": "Time?"},
              "r": {"parentId": "q", "role": "tool", "content": "12:00"}}}}
            """#
        let result = try #require(
            try OpenWebUIReader.conversation(from: try ConversationShapes.parse(text)).message(withSourceID: "r"))
        #expect(result.role == .tool)
        #expect(result.toolCallID == "call_r")
        #expect(result.parentSourceID == "q")
    }

    @Test func namesWhatIsDamaged() throws {
        func read(_ messages: String) throws -> ImportedConversation {
            try OpenWebUIReader.conversation(
                from: try ConversationShapes.parse(#"{"id": "x", "chat": {"history": {"messages": \#(messages)}}}"#))
        }
        #expect(
            throws: ImportItemFailure(
                #"chat.history.messages["a"].parentId names "zz", which is not a message of this chat"#)
        ) { try read(#"{"a": {"parentId": "zz", "role": "user", "content": ""}}"#) }
        let failure = try #require(throws: ImportItemFailure.self) {
            try read(#"{"a": {"parentId": "b", "role": "user"}, "b": {"parentId": "a", "role": "assistant"}}"#)
        }
        #expect(failure.reason.contains("cycle"))
        #expect(throws: ImportItemFailure.self) { try read(#"{"a": {"parentId": 7.5, "role": "user"}}"#) }
        #expect(throws: ImportItemFailure.self) { try read(#"[1]"#) }
        let left = try read(
            #"""
            {"a": {"role": "user", "content": "Hi"}, "b": {"parentId": "a", "role": "wizard"},
             "c": {"parentId": "b", "role": "assistant", "content": "Yo"}}
            """#
        )
        #expect(left.messages.map(\.sourceID) == ["a", "c"])
        #expect(left.message(withSourceID: "c")?.parentSourceID == "a")
    }

    @Test func recognizesOpenWebUIAndNoOther() throws {
        for (format, text) in ConversationShapes.all {
            #expect(OpenWebUIReader.recognizes(try ConversationShapes.parse(text)) == (format == .openWebUI), "\(text)")
        }
    }
}
