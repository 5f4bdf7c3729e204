import Foundation
import GRDB
import ParleyCore
import Testing

@testable import ParleyStore

/// Threading stateless requests into the tree, at the store: each request's history lands once, on the branch
/// it continues, whatever order and however often frontends send it.
@Suite struct ThreadRepositoryTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    private static func user(_ text: String) -> ThreadMessage { ThreadMessage(role: .user, content: .text(text)) }
    private static func assistant(_ text: String) -> ThreadMessage {
        ThreadMessage(role: .assistant, content: .text(text))
    }

    /// Stores an answer under the placement's leaf, as a completion would.
    private func answer(_ placement: ThreadPlacement, _ text: String) async throws -> Message {
        try await store.messages.append(
            NewMessage(
                conversationID: placement.conversation.id, role: .assistant, content: .text(text),
                parent: .message(try #require(placement.leafID))))
    }

    @Test func aRequestContinuingAStoredBranchAppendsOnlyItsNewTurn() async throws {
        let first = try await store.threads.place(ThreadRequest(messages: [Self.user("Hi")], source: "sdk"))
        #expect(first.created)
        #expect(first.appended.map(\.content) == [.text("Hi")])
        let reply = try await answer(first, "Hello!")
        let second = try await store.threads.place(
            ThreadRequest(
                messages: [Self.user("Hi"), Self.assistant("Hello!"), Self.user("How are you?")], source: "sdk"))
        #expect(!second.created)
        #expect(second.conversation.id == first.conversation.id)
        #expect(second.appended.count == 1)
        #expect(second.appended.first?.parentID == reply.id)
        #expect(second.appended.first?.source == "sdk")
        #expect(second.stored.map { $0?.id } == [first.leafID, reply.id, second.leafID])
        #expect(second.conversation.headMessageID == second.leafID)
    }

    @Test func whiteSpaceAroundATextDoesNotMakeItAnotherMessage() async throws {
        let first = try await store.threads.place(ThreadRequest(messages: [Self.user("Hi")]))
        _ = try await answer(first, "Hello!\n")
        let second = try await store.threads.place(
            ThreadRequest(messages: [Self.user(" Hi "), Self.assistant("Hello!"), Self.user("More")]))
        #expect(second.conversation.id == first.conversation.id)
        #expect(second.appended.count == 1)
    }

    @Test func aRequestDifferingInAnEarlierTurnBranchesFromWhereItDiffers() async throws {
        let first = try await store.threads.place(ThreadRequest(messages: [Self.user("A")]))
        let a = try await answer(first, "a")
        let b = try await store.threads.place(
            ThreadRequest(messages: [Self.user("A"), Self.assistant("a"), Self.user("B")]))
        _ = try await answer(b, "b")
        let edited = try await store.threads.place(
            ThreadRequest(messages: [
                Self.user("A"), Self.assistant("a"), Self.user("C"), Self.assistant("c"), Self.user("D"),
            ]))
        #expect(edited.conversation.id == first.conversation.id)
        #expect(edited.appended.map(\.content) == [.text("C"), .text("c"), .text("D")])
        #expect(edited.appended.first?.parentID == a.id)
    }

    @Test func aDifferentFirstMessageIsANewConversation() async throws {
        let first = try await store.threads.place(ThreadRequest(messages: [Self.user("One")]))
        let second = try await store.threads.place(ThreadRequest(messages: [Self.user("Two")]))
        #expect(second.created)
        #expect(second.conversation.id != first.conversation.id)
    }

    @Test func aSharedSystemPromptIsNarrowedByTheTurnsAfterIt() async throws {
        let system = ThreadMessage(role: .system, content: .text("You are a helpful assistant."))
        var placements: [ThreadPlacement] = []
        for topic in ["cats", "dogs", "birds"] {
            let placement = try await store.threads.place(ThreadRequest(messages: [system, Self.user(topic)]))
            _ = try await answer(placement, "About \(topic).")
            placements.append(placement)
        }
        #expect(Set(placements.map(\.conversation.id)).count == 1, "the same system prompt is one root")
        let dogs = try await store.threads.place(
            ThreadRequest(messages: [system, Self.user("dogs"), Self.assistant("About dogs."), Self.user("Breeds?")]))
        let path = try await store.messages.path(conversationID: dogs.conversation.id, to: dogs.leafID)
        #expect(
            path.map(\.content.searchableText) == ["You are a helpful assistant.", "dogs", "About dogs.", "Breeds?"])
    }

    @Test func aToolTurnMatchesByItsCallsAndResult() async throws {
        let calls: JSONValue = [["id": "c1", "type": "function", "function": ["name": "f", "arguments": "{}"]]]
        let first = try await store.threads.place(ThreadRequest(messages: [Self.user("Use f")]))
        let call = try await store.messages.append(
            NewMessage(
                conversationID: first.conversation.id, role: .assistant, content: .text(""),
                parent: .message(try #require(first.leafID)), reasoningContent: "Thinking.", toolCalls: calls))
        let replay = ThreadMessage(role: .assistant, content: .text(""), toolCalls: calls)
        let result = ThreadMessage(role: .tool, content: .text("42"), toolCallID: "c1")
        let second = try await store.threads.place(ThreadRequest(messages: [Self.user("Use f"), replay, result]))
        #expect(second.stored[1]?.id == call.id)
        #expect(second.stored[1]?.reasoningContent == "Thinking.")
        #expect(second.appended.map(\.role) == [.tool])

        let otherCall = ThreadMessage(
            role: .assistant, content: .text(""),
            toolCalls: [["id": "c2", "type": "function", "function": ["name": "f", "arguments": "{}"]]])
        let third = try await store.threads.place(ThreadRequest(messages: [Self.user("Use f"), otherCall]))
        #expect(third.appended.count == 1, "other tool calls are another turn")
    }

    @Test func theSameNewTurnSentTwiceAtOnceIsStoredOnce() async throws {
        let first = try await store.threads.place(ThreadRequest(messages: [Self.user("Hi")]))
        _ = try await answer(first, "Hello")
        let request = ThreadRequest(messages: [Self.user("Hi"), Self.assistant("Hello"), Self.user("Again")])
        let store = store
        let placements = try await withThrowingTaskGroup(of: ThreadPlacement.self) { group in
            for _ in 0..<8 { group.addTask { try await store.threads.place(request) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(placements.map(\.leafID)).count == 1)
        #expect(placements.filter { !$0.appended.isEmpty }.count == 1)
        #expect(try await fixture.count("message") == 3)
    }

    @Test func aNamedConversationIsCreatedUnderItsIDAndANamedTurnIsFoundAgain() async throws {
        let conversationID = EntityID.generate()
        let turnID = EntityID.generate()
        let first = try await store.threads.place(
            ThreadRequest(messages: [Self.user("Hi")], conversationID: conversationID, turnID: turnID))
        #expect(first.created)
        #expect(first.conversation.id == conversationID)
        #expect(first.leafID == turnID)
        let again = try await store.threads.place(
            ThreadRequest(messages: [Self.user("Hi")], conversationID: conversationID, turnID: turnID))
        #expect(!again.created)
        #expect(again.appended.isEmpty)
        #expect(again.leafID == turnID)
    }

    @Test func aNamedParentTakesTheNewTurnWhateverTheHistorySays() async throws {
        let (conversation, messages) = try await fixture.conversation(texts: ["Q", "A"])
        let placement = try await store.threads.place(
            ThreadRequest(
                messages: [Self.user("not what is stored"), Self.user("Next")], conversationID: conversation.id,
                parentID: messages[1].id))
        #expect(placement.appended.map(\.content) == [.text("not what is stored"), .text("Next")])
        #expect(placement.appended.first?.parentID == messages[1].id)
    }

    @Test func deletedConversationsAndMessagesAreNotContinued() async throws {
        let first = try await store.threads.place(ThreadRequest(messages: [Self.user("Gone")]))
        _ = try await store.conversations.delete(first.conversation.id)
        let second = try await store.threads.place(ThreadRequest(messages: [Self.user("Gone")]))
        #expect(second.created)
        #expect(second.conversation.id != first.conversation.id)
        await #expect(throws: ParleyError.self) {
            try await store.threads.place(
                ThreadRequest(messages: [Self.user("Gone")], conversationID: first.conversation.id))
        }
    }

    @Test func aBadMessageIsRefusedNamingItAndNothingIsStored() async throws {
        let before = try await fixture.count("message")
        do {
            _ = try await store.threads.place(
                ThreadRequest(messages: [Self.user("ok"), ThreadMessage(role: .tool, content: .text("no id"))]))
            Issue.record("a tool message without its call id was stored")
        } catch let ParleyError.invalidValue(field, _, _) {
            #expect(field == "messages[1].tool_call_id")
        }
        #expect(try await fixture.count("message") == before)
        #expect(try await fixture.count("conversation") == 0)
    }

    @Test func theNewestAnswerOfAFrontendIsFoundForItsRetry() async throws {
        let first = try await store.threads.place(ThreadRequest(messages: [Self.user("Hi")], source: "sdk"))
        #expect(try await store.threads.newestAnswer(under: try #require(first.leafID), source: "sdk") == nil)
        _ = try await store.messages.append(
            NewMessage(
                conversationID: first.conversation.id, role: .assistant, content: .text("Mine"),
                parent: .message(try #require(first.leafID)), source: "sdk"))
        _ = try await answer(first, "Someone else's")
        let found = try await store.threads.newestAnswer(under: try #require(first.leafID), source: "sdk")
        #expect(found?.content == .text("Mine"))
    }
}
