import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

@Suite struct DeepSeekWebAPIReaderTests {
    /// The web API's chat as an extension saves it: an edited first prompt as a second root, answers that were
    /// cut off, failed, or written in the older shape with `content` and `thinking_content`.
    static let bizData = #"""
        {"chat_session": {"id": "s-1", "title": "Sorting", "current_message_id": 4, "inserted_at": 1738375200.5,
                          "updated_at": 1738375300.0},
         "chat_messages": [
           {"message_id": 1, "parent_id": null, "role": "USER", "thinking_enabled": false, "status": "FINISHED",
            "inserted_at": 1738375200.5, "accumulated_token_usage": 0,
            "fragments": [{"id": 1, "type": "REQUEST", "content": "Sort [3,1,2]"}]},
           {"message_id": 2, "parent_id": 1, "role": "ASSISTANT", "model": "", "thinking_enabled": true,
            "status": "FINISHED", "inserted_at": 1738375201.25, "accumulated_token_usage": 120,
            "fragments": [{"type": "THINK", "content": "Compare pairs."}, {"type": "RESPONSE", "content": "[1,2,3]"}]},
           {"message_id": 3, "parent_id": null, "role": "USER", "status": "FINISHED",
            "fragments": [{"type": "REQUEST", "content": "Sort [9,8]"}]},
           {"message_id": 4, "parent_id": 3, "role": "ASSISTANT", "status": "INCOMPLETE",
            "fragments": [{"type": "RESPONSE", "content": "[8,"}]},
           {"message_id": 5, "parent_id": 3, "role": "ASSISTANT", "status": "FAILED", "fragments": []},
           {"message_id": 6, "parent_id": 3, "role": "ASSISTANT", "status": "FINISHED", "model": "deepseek-reasoner",
            "content": "[8,9]", "thinking_content": "Two items."},
           {"message_id": 7, "parent_id": 6, "role": "MODERATOR", "content": "?"},
           {"message_id": 8, "parent_id": 7, "role": "USER", "content": "Thanks"}
         ]}
        """#

    static func read(_ text: String) throws -> ImportedConversation {
        try DeepSeekReader.conversation(from: ConversationShapes.parse(text))
    }

    @Test func readsTheSessionAndItsHead() throws {
        let conversation = try Self.read(Self.bizData)
        #expect(conversation.source == "deepseek")
        #expect(conversation.sourceID == "s-1")
        #expect(conversation.title == "Sorting")
        #expect(conversation.createdAt == 1_738_375_200_500)
        #expect(conversation.updatedAt == 1_738_375_300_000)
        #expect(conversation.headSourceID == "4")
        #expect(conversation.messages.map(\.sourceID) == ["1", "2", "3", "4", "5", "6", "8"])
    }

    @Test func keepsAnEditedFirstPromptAsASecondRoot() throws {
        let conversation = try Self.read(Self.bizData)
        let first = try #require(conversation.message(withSourceID: "1"))
        let edited = try #require(conversation.message(withSourceID: "3"))
        #expect(first.parentSourceID == nil)
        #expect(edited.parentSourceID == nil)
        #expect(edited.role == .user)
        #expect(edited.content == .text("Sort [9,8]"))
        #expect(first.createdAt == 1_738_375_200_500)
        #expect(conversation.messages.filter { $0.parentSourceID == "3" }.count == 3)
    }

    @Test func readsRolesStatusesAndThinking() throws {
        let conversation = try Self.read(Self.bizData)
        let answer = try #require(conversation.message(withSourceID: "2"))
        #expect(answer.role == .assistant)
        #expect(answer.reasoningContent == "Compare pairs.")
        #expect(answer.content == .text("[1,2,3]"))
        #expect(answer.model == nil)
        #expect(answer.status == .complete)
        #expect(answer.usage == nil)
        #expect(answer.createdAt == 1_738_375_201_250)
        #expect(conversation.message(withSourceID: "4")?.status == .interrupted)
        #expect(conversation.message(withSourceID: "4")?.content == .text("[8,"))
        #expect(conversation.message(withSourceID: "5")?.status == .error)
    }

    @Test func readsTheOlderShapeWithContentOnTheMessage() throws {
        let answer = try #require(try Self.read(Self.bizData).message(withSourceID: "6"))
        #expect(answer.content == .text("[8,9]"))
        #expect(answer.reasoningContent == "Two items.")
        #expect(answer.model == "deepseek-reasoner")
        #expect(answer.status == .complete)
    }

    @Test func leavesOutAnUnknownRoleAndBridgesItsChildren() throws {
        let conversation = try Self.read(Self.bizData)
        #expect(conversation.message(withSourceID: "7") == nil)
        #expect(conversation.message(withSourceID: "8")?.parentSourceID == "6")
        #expect(conversation.message(withSourceID: "8")?.content == .text("Thanks"))
    }

    @Test func acceptsEveryWrappingExtensionsSave() throws {
        let wrapped = #"{"code": 0, "data": {"biz_code": 0, "biz_data": \#(Self.bizData)}}"#
        let half = #"{"biz_data": \#(Self.bizData)}"#
        for text in [wrapped, half, Self.bizData] {
            let element = try ConversationShapes.parse(text)
            #expect(DeepSeekReader.recognizes(element))
            #expect(try DeepSeekReader.conversation(from: element).messages.count == 7)
        }
    }

    @Test func dropsAHeadThatIsNotAMessage() throws {
        let text = #"{"chat_session": {"id": "s", "current_message_id": 42}, "chat_messages": []}"#
        let conversation = try Self.read(text)
        #expect(conversation.headSourceID == nil)
        #expect(conversation.title == "")
        #expect(conversation.messages.isEmpty)
    }

    @Test func namesWhatIsDamaged() throws {
        let orphan = #"""
            {"chat_session": {"id": "s"}, "chat_messages": [{"message_id": 1, "parent_id": null, "role": "USER"},
              {"message_id": 2, "parent_id": 99, "role": "ASSISTANT"}]}
            """#
        #expect(
            throws: ImportItemFailure(
                #"chat_messages[1].parent_id names "99", which is not a message_id in chat_messages"#)
        ) { try Self.read(orphan) }
        let cycle = #"""
            {"chat_session": {"id": "s"}, "chat_messages": [{"message_id": 1, "parent_id": 2, "role": "USER"},
              {"message_id": 2, "parent_id": 1, "role": "ASSISTANT"}]}
            """#
        let failure = try #require(throws: ImportItemFailure.self) { try Self.read(cycle) }
        #expect(failure.reason.contains("chat_messages[0].parent_id leads back"))
        let twice = #"""
            {"chat_session": {"id": "s"}, "chat_messages": [{"message_id": 1, "role": "USER"},
              {"message_id": 1, "role": "USER"}]}
            """#
        #expect(throws: ImportItemFailure.self) { try Self.read(twice) }
        #expect(throws: ImportItemFailure.self) { try Self.read(#"{"chat_session": {"title": "no id"}}"#) }
        #expect(throws: ImportItemFailure.self) {
            try Self.read(#"{"chat_session": {"id": "s"}, "chat_messages": {"1": {}}}"#)
        }
    }
}
