import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

/// What ChatGPT's node contents become: reasoning, tool calls and their results, images, placeholders.
@Suite struct ChatGPTReaderContentTests {
    static func read(_ text: String) throws -> [String: ImportedMessage] {
        let conversation = try ChatGPTReader.conversation(from: try JSONParser.parse(Array(text.utf8)))
        return Dictionary(uniqueKeysWithValues: conversation.messages.map { ($0.sourceID, $0) })
    }

    static func call(_ id: String, _ name: String, _ arguments: String) -> JSONValue {
        [
            [
                "id": .string(id), "type": "function",
                "function": ["name": .string(name), "arguments": .string(arguments)],
            ]
        ]
    }

    /// Thoughts and a recap above a python call and its output, browsing with its display and a quote, more
    /// thoughts, and an empty placeholder before the real reply.
    static let tools = #"""
        {"id": "conv-b", "default_model_slug": "o3", "current_node": "a", "mapping": {
          "r": {"parent": null, "children": ["u"], "message": null},
          "u": {"parent": "r", "children": ["t"], "message": {"author": {"role": "user"},
            "content": {"content_type": "text", "parts": ["Compute 2**10 and find news"]}}},
          "t": {"parent": "u", "children": ["rr"], "message": {"author": {"role": "assistant"}, "create_time": 1700000001,
            "content": {"content_type": "thoughts", "thoughts": [
              {"summary": "Planning", "content": "I should run Python.", "finished": true},
              {"summary": "Checking", "content": "Then search.", "finished": true}], "source_analysis_msg_id": "x"},
            "metadata": {"model_slug": "o3"}}},
          "rr": {"parent": "t", "children": ["c"], "message": {"author": {"role": "assistant"},
            "content": {"content_type": "reasoning_recap", "content": "Thought for 17s"}}},
          "c": {"parent": "rr", "children": ["o"], "message": {"author": {"role": "assistant"}, "recipient": "python",
            "create_time": 1700000002, "content": {"content_type": "code", "language": "unknown", "text": "print(2**10)"},
            "metadata": {"model_slug": "o3-pro"}}},
          "o": {"parent": "c", "children": ["w"], "message": {"author": {"role": "tool", "name": "python"},
            "recipient": "all", "content": {"content_type": "execution_output", "text": "1024"}}},
          "w": {"parent": "o", "children": ["b"], "message": {"author": {"role": "assistant"}, "recipient": "browser",
            "content": {"content_type": "code", "language": "unknown", "text": "search(\"news\")"}}},
          "b": {"parent": "w", "children": ["q"], "message": {"author": {"role": "tool", "name": "browser"},
            "content": {"content_type": "tether_browsing_display", "result": "# 【0†Headline†example.com】", "summary": "Top news"}}},
          "q": {"parent": "b", "children": ["t2"], "message": {"author": {"role": "tool", "name": "browser"},
            "content": {"content_type": "tether_quote", "url": "https://example.com/a", "domain": "example.com",
              "text": "Quoted text", "title": "Headline"}}},
          "t2": {"parent": "q", "children": ["p"], "message": {"author": {"role": "assistant"},
            "content": {"content_type": "thoughts", "thoughts": [{"summary": "", "content": "Combine.", "finished": true}]}}},
          "p": {"parent": "t2", "children": ["a"], "message": {"author": {"role": "assistant"}, "recipient": "all",
            "content": {"content_type": "text", "parts": [""]}, "status": "in_progress"}},
          "a": {"parent": "p", "children": [], "message": {"author": {"role": "assistant"}, "recipient": "all",
            "content": {"content_type": "text", "parts": ["2**10 is 1024; the headline is Headline."]},
            "metadata": {"finish_details": {"type": "stop"}}}}
        }}
        """#

    @Test func putsThoughtsOnTheNextAnswerAndSkipsRecapsAndPlaceholders() throws {
        let messages = try Self.read(Self.tools)
        #expect(messages.keys.sorted() == ["a", "b", "c", "o", "q", "u", "w"])
        #expect(
            messages["c"]?.reasoningContent == "**Planning**\n\nI should run Python.\n\n**Checking**\n\nThen search.")
        #expect(messages["c"]?.parentSourceID == "u")
        #expect(messages["a"]?.reasoningContent == "Combine.")
        #expect(messages["a"]?.parentSourceID == "q")
        #expect(messages["a"]?.content == .text("2**10 is 1024; the headline is Headline."))
        #expect(messages["a"]?.model == "o3")
        #expect(messages["a"]?.status == .complete)
        #expect(messages["w"]?.reasoningContent == nil)
    }

    @Test func turnsCodeForAToolIntoACallAndItsOutputIntoTheResult() throws {
        let messages = try Self.read(Self.tools)
        let code = try #require(messages["c"])
        #expect(code.role == .assistant)
        #expect(code.content == .text(""))
        #expect(code.toolCalls == Self.call("call_c", "python", "print(2**10)"))
        #expect(code.model == "o3-pro")
        #expect(code.createdAt == 1_700_000_002_000)
        let output = try #require(messages["o"])
        #expect(output.role == .tool)
        #expect(output.toolCallID == "call_c")
        #expect(output.name == "python")
        #expect(output.content == .text("1024"))
        #expect(output.model == nil)
        #expect(output.parentSourceID == "c")
    }

    @Test func readsBrowsingDisplaysAndQuotesAsResultsOfTheBrowserCall() throws {
        let messages = try Self.read(Self.tools)
        #expect(messages["w"]?.toolCalls == Self.call("call_w", "browser", #"search("news")"#))
        #expect(messages["b"]?.toolCallID == "call_w")
        #expect(messages["b"]?.content == .text("# 【0†Headline†example.com】\n\nTop news"))
        #expect(messages["q"]?.toolCallID == "call_w")
        #expect(messages["q"]?.name == "browser")
        #expect(messages["q"]?.content == .text("Headline\nhttps://example.com/a\nQuoted text"))
    }

    @Test func keepsThoughtsWithoutAnAnswerAsAnInterruptedAnswer() throws {
        let text = #"""
            {"id": "c", "default_model_slug": "o1", "current_node": "rr", "mapping": {
              "u": {"parent": null, "children": ["t"], "message": {"author": {"role": "user"},
                "content": {"content_type": "text", "parts": ["Why?"]}}},
              "t": {"parent": "u", "children": ["rr", "u2"], "message": {"author": {"role": "assistant"}, "create_time": 1700000005,
                "content": {"content_type": "thoughts", "thoughts": [{"summary": "Wondering", "content": "", "finished": false}]}}},
              "rr": {"parent": "t", "message": {"author": {"role": "assistant"},
                "content": {"content_type": "reasoning_recap", "content": "Thought for 2s"}}},
              "u2": {"parent": "t", "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["Stop"]}}}
            }}
            """#
        let conversation = try ChatGPTReader.conversation(from: try JSONParser.parse(Array(text.utf8)))
        #expect(conversation.messages.map(\.sourceID) == ["u", "t", "u2"])
        let thoughts = try #require(conversation.messages.first { $0.sourceID == "t" })
        #expect(thoughts.role == .assistant)
        #expect(thoughts.content == .text(""))
        #expect(thoughts.reasoningContent == "**Wondering**")
        #expect(thoughts.status == .interrupted)
        #expect(thoughts.model == "o1")
        #expect(thoughts.parentSourceID == "u")
        #expect(thoughts.createdAt == 1_700_000_005_000)
        #expect(conversation.messages.last?.parentSourceID == "t")
        #expect(conversation.headSourceID == "t")
    }

    @Test func keepsImagesAndAudioAsNamespacedPartsBesideTheText() throws {
        let messages = try Self.read(
            #"""
            {"id": "c", "create_time": 1, "mapping": {
              "u": {"parent": null, "message": {"author": {"role": "user"}, "content": {"content_type": "multimodal_text",
                "parts": [{"content_type": "image_asset_pointer", "asset_pointer": "file-service://file-abc",
                  "size_bytes": 1234, "width": 640, "height": 480, "metadata": null}, "What is in this picture?"]}}},
              "v": {"parent": "u", "message": {"author": {"role": "user"}, "content": {"content_type": "multimodal_text",
                "parts": [{"content_type": "audio_transcription", "text": "hello there", "direction": "in"},
                  {"content_type": "audio_asset_pointer", "asset_pointer": "sediment://x", "format": "wav"}]}}},
              "m": {"parent": "v", "message": {"author": {"role": "user"}, "content": {"content_type": "multimodal_text",
                "parts": ["line one", {"content_type": "audio_transcription", "text": "line two"}, ""]}}}
            }}
            """#)
        let image: JSONValue = [
            "type": "chatgpt.image_asset_pointer", "content_type": "image_asset_pointer",
            "asset_pointer": "file-service://file-abc", "size_bytes": 1234, "width": 640, "height": 480,
            "metadata": nil,
        ]
        #expect(messages["u"]?.content == .parts([image, ["type": "text", "text": "What is in this picture?"]]))
        let audio: JSONValue = [
            "type": "chatgpt.audio_asset_pointer", "content_type": "audio_asset_pointer",
            "asset_pointer": "sediment://x",
            "format": "wav",
        ]
        #expect(messages["v"]?.content == .parts([["type": "text", "text": "hello there"], audio]))
        #expect(messages["m"]?.content == .text("line one\nline two"))
    }

    @Test func readsCallsWrittenAsTextErrorsAndGeneratedImages() throws {
        let messages = try Self.read(
            #"""
            {"id": "c", "create_time": 1, "mapping": {
              "u": {"parent": null, "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["Cats"]}}},
              "s": {"parent": "u", "message": {"author": {"role": "assistant"}, "recipient": "web.run",
                "content": {"content_type": "text", "parts": ["{\"search_query\": [{\"q\": \"cats\"}]}"]}}},
              "e": {"parent": "s", "message": {"author": {"role": "tool", "name": "web.run"},
                "content": {"content_type": "system_error", "name": "tool_error", "text": "Search failed"}}},
              "d": {"parent": "e", "message": {"author": {"role": "assistant"}, "recipient": "dalle.text2im",
                "content": {"content_type": "text", "parts": ["{\"prompt\": \"a cat\"}"]}}},
              "i": {"parent": "d", "message": {"author": {"role": "tool", "name": "dalle.text2im"},
                "content": {"content_type": "multimodal_text", "parts": [{"content_type": "image_asset_pointer",
                  "asset_pointer": "sediment://cat", "width": 1024, "height": 1024}]}}},
              "k": {"parent": "i", "message": {"author": {"role": "tool", "name": "web.run"},
                "content": {"content_type": "sonic_webpage", "url": "https://cats.example", "text": "Cats!"}}}
            }}
            """#)
        #expect(messages["s"]?.toolCalls == Self.call("call_s", "web.run", #"{"search_query": [{"q": "cats"}]}"#))
        #expect(messages["s"]?.content == .text(""))
        #expect(messages["e"]?.toolCallID == "call_s")
        #expect(messages["e"]?.content == .text("tool_error: Search failed"))
        #expect(messages["d"]?.toolCalls == Self.call("call_d", "dalle.text2im", #"{"prompt": "a cat"}"#))
        #expect(messages["i"]?.toolCallID == "call_d")
        #expect(messages["i"]?.name == "dalle.text2im")
        let picture: JSONValue = [
            "type": "chatgpt.image_asset_pointer", "content_type": "image_asset_pointer",
            "asset_pointer": "sediment://cat", "width": 1024, "height": 1024,
        ]
        #expect(messages["i"]?.content == .parts([picture]))
        let page: JSONValue = [
            "type": "chatgpt.sonic_webpage", "content_type": "sonic_webpage", "url": "https://cats.example",
            "text": "Cats!",
        ]
        #expect(messages["k"]?.content == .parts([page]))
        #expect(messages["k"]?.content.searchableText == "Cats!")
    }

    @Test func givesAToolResultWithoutACallInItsTurnAnIdOfItsOwn() throws {
        let messages = try Self.read(
            #"""
            {"id": "c", "create_time": 1, "mapping": {
              "x": {"parent": null, "message": {"author": {"role": "tool"}, "content": {"content_type": "execution_output", "text": "orphan"}}},
              "c": {"parent": "x", "message": {"author": {"role": "assistant"}, "recipient": "python",
                "content": {"content_type": "code", "text": "1+1"}}},
              "o": {"parent": "c", "message": {"author": {"role": "tool", "name": "python"},
                "content": {"content_type": "execution_output", "text": "2"}}},
              "u": {"parent": "o", "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["Again"]}}},
              "o2": {"parent": "u", "message": {"author": {"role": "tool", "name": "python"},
                "content": {"content_type": "execution_output", "text": "3"}}}
            }}
            """#)
        #expect(messages["x"]?.toolCallID == "call_x")
        #expect(messages["x"]?.name == nil)
        #expect(messages["o"]?.toolCallID == "call_c")
        #expect(messages["o2"]?.toolCallID == "call_o2")
        #expect(messages.values.filter { $0.role == .tool }.allSatisfy { $0.toolCallID?.isEmpty == false })
    }

    @Test func marksAnswersTheUserStoppedAsInterrupted() throws {
        let messages = try Self.read(
            #"""
            {"id": "c", "create_time": 1, "mapping": {
              "u": {"parent": null, "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["Q"]}}},
              "a": {"parent": "u", "message": {"author": {"role": "assistant"}, "status": "finished_successfully",
                "content": {"content_type": "text", "parts": ["Half"]}, "metadata": {"finish_details": {"type": "interrupted"}}}},
              "b": {"parent": "u", "message": {"author": {"role": "assistant"}, "status": "finished_partial_completion",
                "content": {"content_type": "text", "parts": ["Part"]}}}
            }}
            """#)
        #expect(messages["a"]?.status == .interrupted)
        #expect(messages["a"]?.finishReason == "interrupted")
        #expect(messages["b"]?.status == .interrupted)
        #expect(messages["u"]?.status == .complete)
    }
}
