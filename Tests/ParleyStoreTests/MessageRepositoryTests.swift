import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@testable import ParleyStore

@Suite struct MessageRepositoryTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    @Test func appendFollowsTheHeadAndMovesIt() async throws {
        let (conversation, messages) = try await fixture.conversation(texts: ["q1", "a1", "q2"])
        #expect(messages[0].parentID == nil)
        #expect(messages[1].parentID == messages[0].id)
        #expect(messages[2].parentID == messages[1].id)
        #expect(conversation.headMessageID == messages[2].id)
        let path = try await store.messages.path(conversationID: conversation.id)
        #expect(path.map(\.id) == messages.map(\.id))
        #expect(try await store.messages.get(messages[1].id) == messages[1])
    }

    @Test func editAndRegenerateAreSiblingsAndKeepEveryBranch() async throws {
        let (conversation, messages) = try await fixture.conversation(texts: ["question", "answer one"])
        let regenerated = try await store.messages.append(
            NewMessage(
                conversationID: conversation.id, role: .assistant, content: .text("answer two"),
                parent: .siblingOf(messages[1].id)))
        #expect(regenerated.parentID == messages[0].id)
        let edited = try await store.messages.edit(messages[0].id, content: .text("better question"))
        #expect(edited.parentID == nil)
        #expect(edited.role == .user)
        #expect(try await store.messages.path(conversationID: conversation.id).map(\.id) == [edited.id])
        let oldBranch = try await store.messages.path(conversationID: conversation.id, to: messages[1].id)
        #expect(oldBranch.map(\.id) == [messages[0].id, messages[1].id])
        let tree = try await store.messages.tree(conversationID: conversation.id)
        #expect(Set(tree.map(\.id)) == Set(messages.map(\.id) + [regenerated.id, edited.id]))
        #expect(try await store.messages.get(messages[1].id).content == .text("answer one"))
    }

    @Test func deletingTheHeadMovesItToTheNearestLiveAncestor() async throws {
        let (conversation, messages) = try await fixture.conversation(texts: ["a", "b", "c"])
        _ = try await store.messages.delete(messages[1].id)
        #expect(
            try await store.messages.path(conversationID: conversation.id).map(\.id) == [
                messages[0].id, messages[2].id,
            ])
        _ = try await store.messages.delete(messages[2].id)
        #expect(try await store.conversations.get(conversation.id).headMessageID == messages[0].id)
        #expect(
            await parleyError { _ = try await store.messages.get(messages[2].id) }
                == .notFound(entity: "message", id: messages[2].id.rawValue))
        #expect(try await store.messages.get(messages[2].id, includeDeleted: true).deleted)
        #expect(try await store.messages.tree(conversationID: conversation.id).map(\.id) == [messages[0].id])
    }

    @Test func contentPartsAndToolFieldsRoundTripThroughTheDatabase() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SeededGenerator(seed: seed)
        let conversation = try await store.conversations.create(NewConversation())
        for _ in 0..<100 {
            let content = MessageContent.parts(RandomJSON.parts(using: &rng))
            let toolCalls = JSONValue.array([
                .object([
                    "id": .string("call_1"), "type": .string("function"),
                    "function": .object(["name": .string("f"), "arguments": RandomJSON.value(using: &rng)]),
                ])
            ])
            let appended = try await store.messages.append(
                NewMessage(
                    conversationID: conversation.id, role: .assistant, content: content,
                    reasoningContent: "thinking…", toolCalls: toolCalls, model: "deepseek-v4-flash",
                    finishReason: "tool_calls"))
            let stored = try await store.messages.get(appended.id)
            #expect(stored == appended, "seed \(seed)")
            #expect(stored.content == content, "seed \(seed)")
            #expect(stored.toolCalls == toolCalls, "seed \(seed)")
        }
    }

    @Test func batchAppendIsAllOrNothing() async throws {
        let conversation = try await store.conversations.create(NewConversation())
        let batch = (0..<50).map { NewMessage(conversationID: conversation.id, role: .user, content: .text("m\($0)")) }
        let stored = try await store.messages.appendBatch(batch)
        #expect(stored.count == 50)
        #expect(try await store.messages.path(conversationID: conversation.id).count == 50)
        let bad = batch + [NewMessage(conversationID: EntityID.generate(), role: .user, content: .text("x"))]
        #expect(await parleyError { _ = try await store.messages.appendBatch(bad) } != nil)
        #expect(try await fixture.count("message") == 50)
    }

    @Test func batchAppendAcrossConversationsMovesEveryHead() async throws {
        let (first, firstMessages) = try await fixture.conversation(texts: ["start"])
        let second = try await store.conversations.create(NewConversation())
        let batch = (0..<10).map { index in
            NewMessage(
                conversationID: index.isMultiple(of: 2) ? first.id : second.id, role: .user, content: .text("\(index)"))
        }
        let stored = try await store.messages.appendBatch(batch)
        let firstPath = try await store.messages.path(conversationID: first.id)
        #expect(
            firstPath.map(\.id) == [firstMessages[0].id]
                + stored.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element.id))
        let secondPath = try await store.messages.path(conversationID: second.id)
        #expect(secondPath.map(\.content) == ["1", "3", "5", "7", "9"].map { MessageContent.text($0) })
        #expect(try await store.conversations.get(second.id).headMessageID == stored.last?.id)
    }

    @Test func badInputNamesTheFieldAndStoresNothing() async throws {
        let (conversation, messages) = try await fixture.conversation(texts: ["hi"])
        let (other, otherMessages) = try await fixture.conversation(texts: ["elsewhere"])
        let before = try await fixture.count("message")
        let missing = EntityID.generate()

        #expect(
            await parleyError {
                _ = try await store.messages.append(
                    NewMessage(conversationID: missing, role: .user, content: .text("x")))
            } == .notFound(entity: "conversation", id: missing.rawValue))

        let foreignParent = await parleyError {
            _ = try await store.messages.append(
                NewMessage(
                    conversationID: conversation.id, role: .user, content: .text("x"),
                    parent: .message(otherMessages[0].id)))
        }
        guard case let .invalidValue(field, value, _) = foreignParent else {
            Issue.record("expected invalid parent_id, got \(String(describing: foreignParent))")
            return
        }
        #expect(field == "parent_id")
        #expect(value == otherMessages[0].id.rawValue)

        let toolWithoutID = await parleyError {
            _ = try await store.messages.append(
                NewMessage(conversationID: conversation.id, role: .tool, content: .text("42")))
        }
        #expect(toolWithoutID?.description.contains("tool_call_id") == true)

        let userToolCalls = await parleyError {
            _ = try await store.messages.append(
                NewMessage(conversationID: conversation.id, role: .user, content: .text("x"), toolCalls: .array([])))
        }
        #expect(userToolCalls?.description.contains("tool_calls") == true)

        #expect(
            throws: ParleyError.invalidValue(
                field: "role", value: "robot", rule: "must be one of system, user, assistant, tool, developer")
        ) {
            _ = try MessageRole(validating: "robot")
        }
        #expect(try await fixture.count("message") == before)
        #expect(try await store.conversations.get(conversation.id).headMessageID == messages[0].id)
        #expect(try await store.conversations.get(other.id).headMessageID == otherMessages[0].id)
    }

    @Test func everyAppendIsLoggedWithItsStamp() async throws {
        let (conversation, messages) = try await fixture.conversation(texts: ["one"])
        let changes = try await store.changeLog.changes()
        let messageChange = try #require(changes.first { $0.entity == .message })
        #expect(messageChange.entityID == messages[0].id)
        #expect(messageChange.hlc == messages[0].hlc)
        #expect(
            changes.contains {
                $0.entity == .conversation && $0.entityID == conversation.id && $0.fields == ["head_message_id"]
            })
        #expect(zip(changes, changes.dropFirst()).allSatisfy { $0.sequence < $1.sequence && $0.hlc <= $1.hlc })
    }
}
