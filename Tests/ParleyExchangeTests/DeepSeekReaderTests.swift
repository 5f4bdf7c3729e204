import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

@Suite struct DeepSeekReaderTests {
    /// A web export: the message-less root, a busy answer beside the real one, a node holding a prompt and its
    /// answer, and below it answers that only thought, have no fragments, or carry unknown fragment types.
    static let export = #"""
        {"id": "c1", "title": "Primes", "inserted_at": "2025-02-01T10:00:00.123456+08:00",
         "updated_at": "2025-02-01T02:05:00Z",
         "mapping": {
           "root": {"id": "root", "parent": null, "children": ["1"], "message": null},
           "1": {"id": "1", "parent": "root", "children": ["2", "3"],
                 "message": {"files": [{"id": "f1", "file_name": "notes.txt"}], "model": "deepseek-reasoner",
                             "inserted_at": "2025-02-01T10:00:00.123456+08:00",
                             "fragments": [{"id": 1, "type": "REQUEST", "content": "Is 7 prime?"}]}},
           "2": {"id": "2", "parent": "1", "children": [],
                 "message": {"files": [], "model": "deepseek-reasoner", "inserted_at": "2025-02-01T10:00:01+08:00",
                             "fragments": [{"type": "TEMPLATE_RESPONSE",
                                            "content": "The server is busy. Please try again later."}]}},
           "3": {"id": "3", "parent": "1", "children": ["4"],
                 "message": {"files": [], "model": "deepseek-reasoner", "inserted_at": "2025-02-01T02:00:05.5Z",
                             "fragments": [{"type": "THINK", "content": "7 has no divisors."},
                                           {"type": "SEARCH", "results": [{"url": "https://example.org/p",
                                             "title": "Primes", "snippet": "A prime is..."}]},
                                           {"type": "RESPONSE", "content": "Yes."}]}},
           "4": {"id": "4", "parent": "3", "children": ["5", "6", "7"],
                 "message": {"files": [], "model": "deepseek-chat", "inserted_at": "2025-02-01T10:00:01+08:00",
                             "fragments": [{"type": "REQUEST", "content": "And 9?"},
                                           {"type": "RESPONSE", "content": "No: 9 = 3 × 3."}]}},
           "5": {"id": "5", "parent": "4", "children": [],
                 "message": {"files": [], "model": null, "inserted_at": null,
                             "fragments": [{"type": "THINK", "content": "Let me see"}]}},
           "6": {"id": "6", "parent": "4", "children": [], "message": {"model": "deepseek-chat", "fragments": []}},
           "7": {"id": "7", "parent": "4", "children": [],
                 "message": {"model": "deepseek-chat",
                             "fragments": [{"type": "RESPONSE", "content": "No."},
                                           {"type": "HOLOGRAM", "content": "?"},
                                           {"type": "READ_LINK", "url": "https://example.org/9"}]}}
         }}
        """#

    static func read(_ text: String) throws -> ImportedConversation {
        try DeepSeekReader.conversation(from: ConversationShapes.parse(text))
    }

    @Test func readsTheConversation() throws {
        let conversation = try Self.read(Self.export)
        #expect(conversation.source == "deepseek")
        #expect(conversation.sourceID == "c1")
        #expect(conversation.title == "Primes")
        #expect(conversation.createdAt == 1_738_375_200_123)
        #expect(conversation.updatedAt == 1_738_375_500_000)
        #expect(conversation.model == nil)
        #expect(conversation.headSourceID == nil)
        #expect(conversation.messages.map(\.sourceID).sorted() == ["1", "2", "3", "4", "4:1", "5", "6", "7"])
    }

    @Test func skipsTheRootAndKeepsTheBusyAnswerAsASibling() throws {
        let conversation = try Self.read(Self.export)
        let prompt = try #require(conversation.message(withSourceID: "1"))
        #expect(prompt.parentSourceID == nil)
        #expect(prompt.role == .user)
        #expect(prompt.model == nil)
        #expect(prompt.createdAt == 1_738_375_200_123)
        #expect(
            prompt.content
                == .parts([
                    ["type": "text", "text": "Is 7 prime?"],
                    ["type": "deepseek.file", "id": "f1", "file_name": "notes.txt"],
                ]))
        let busy = try #require(conversation.message(withSourceID: "2"))
        #expect(busy.parentSourceID == "1")
        #expect(busy.role == .assistant)
        #expect(busy.content == .text("The server is busy. Please try again later."))
        #expect(busy.status == .complete)
        #expect(busy.createdAt == 1_738_375_201_000)
        let answer = try #require(conversation.message(withSourceID: "3"))
        #expect(answer.parentSourceID == "1")
        #expect(answer.model == "deepseek-reasoner")
        #expect(answer.createdAt == 1_738_375_205_500)
    }

    @Test func keepsThinkingAndSearchResults() throws {
        let answer = try #require(try Self.read(Self.export).message(withSourceID: "3"))
        #expect(answer.reasoningContent == "7 has no divisors.")
        #expect(answer.status == .complete)
        #expect(
            answer.content
                == .parts([
                    ["type": "text", "text": "Yes."],
                    [
                        "type": "deepseek.search",
                        "results": [["url": "https://example.org/p", "title": "Primes", "snippet": "A prime is..."]],
                    ],
                ]))
    }

    @Test func splitsANodeHoldingAPromptAndItsAnswer() throws {
        let conversation = try Self.read(Self.export)
        let prompt = try #require(conversation.message(withSourceID: "4"))
        #expect(prompt.role == .user)
        #expect(prompt.parentSourceID == "3")
        #expect(prompt.content == .text("And 9?"))
        let answer = try #require(conversation.message(withSourceID: "4:1"))
        #expect(answer.role == .assistant)
        #expect(answer.parentSourceID == "4")
        #expect(answer.content == .text("No: 9 = 3 × 3."))
        #expect(answer.model == "deepseek-chat")
        for child in ["5", "6", "7"] {
            #expect(conversation.message(withSourceID: child)?.parentSourceID == "4:1")
        }
    }

    @Test func marksAnswersWithoutAResponseAsInterrupted() throws {
        let conversation = try Self.read(Self.export)
        let thinking = try #require(conversation.message(withSourceID: "5"))
        #expect(thinking.status == .interrupted)
        #expect(thinking.reasoningContent == "Let me see")
        #expect(thinking.content == .text(""))
        #expect(thinking.model == nil)
        #expect(thinking.createdAt == nil)
        let empty = try #require(conversation.message(withSourceID: "6"))
        #expect(empty.status == .interrupted)
        #expect(empty.reasoningContent == nil)
    }

    @Test func keepsUnknownFragmentsAsParts() throws {
        let answer = try #require(try Self.read(Self.export).message(withSourceID: "7"))
        #expect(answer.status == .complete)
        #expect(
            answer.content
                == .parts([
                    ["type": "text", "text": "No."], ["type": "deepseek.hologram", "content": "?"],
                    ["type": "deepseek.read_link", "url": "https://example.org/9"],
                ]))
    }

    @Test func leavesOutADamagedMessageAndBridgesItsChildren() throws {
        let conversation = try Self.read(
            #"""
            {"id": "c2", "mapping": {
              "1": {"parent": null, "message": {"fragments": [{"type": "REQUEST", "content": "Hi"}]}},
              "2": {"parent": "1", "message": "garbage"},
              "3": {"parent": "2", "message": {"fragments": {"type": "RESPONSE"}}},
              "4": {"parent": "3", "message": {"fragments": [{"type": "RESPONSE", "content": "Hello"}]}}}}
            """#)
        #expect(conversation.title == "")
        #expect(conversation.messages.map(\.sourceID).sorted() == ["1", "4"])
        #expect(conversation.message(withSourceID: "4")?.parentSourceID == "1")
    }

    @Test func readsAConversationWithoutAMappingAsEmpty() throws {
        #expect(try Self.read(#"{"id": 5, "title": null}"#).messages.isEmpty)
        #expect(try Self.read(#"{"id": 5, "title": null}"#).sourceID == "5")
    }

    @Test func readsALongChainOfSkippedNodes() throws {
        let count = 5000
        var nodes = [#""0": {"parent": null, "message": {"fragments": [{"type": "REQUEST", "content": "Hi"}]}}"#]
        for index in 1..<count { nodes.append(#""\#(index)": {"parent": "\#(index - 1)", "message": null}"#) }
        nodes.append(#""last": {"parent": "\#(count - 1)", "message": {"fragments": []}}"#)
        let conversation = try Self.read(#"{"id": "long", "mapping": {\#(nodes.joined(separator: ","))}}"#)
        #expect(conversation.messages.count == 2)
        #expect(conversation.message(withSourceID: "last")?.parentSourceID == "0")
    }

    @Test func namesWhatIsDamaged() throws {
        let orphan = #"{"id": "c", "mapping": {"1": {"parent": "9", "message": null}}}"#
        #expect(throws: ImportItemFailure(#"mapping["1"].parent names "9", which is not in the mapping"#)) {
            try Self.read(orphan)
        }
        let cycle = #"{"id": "c", "mapping": {"1": {"parent": "2", "message": null}, "2": {"parent": "1"}}}"#
        let failure = try #require(throws: ImportItemFailure.self) { try Self.read(cycle) }
        #expect(failure.reason.contains("cycle"))
        #expect(failure.reason.contains(#"mapping["1"].parent"#))
        let badParent = #"{"id": "c", "mapping": {"1": {"parent": {"id": "x"}}}}"#
        #expect(throws: ImportItemFailure.self) { try Self.read(badParent) }
        let badNode = #"{"id": "c", "mapping": {"1": [1]}}"#
        #expect(throws: ImportItemFailure(#"mapping["1"] is [1], which is not a node object"#)) {
            try Self.read(badNode)
        }
        #expect(throws: ImportItemFailure.self) { try Self.read(#"{"id": "c", "mapping": [1, 2]}"#) }
        #expect(throws: ImportItemFailure.self) { try Self.read(#"{"title": "no id", "mapping": {}}"#) }
    }

    @Test func recognizesBothDeepSeekShapesAndNoOther() throws {
        for (format, text) in ConversationShapes.all {
            #expect(DeepSeekReader.recognizes(try ConversationShapes.parse(text)) == (format == .deepseek), "\(text)")
        }
    }
}
