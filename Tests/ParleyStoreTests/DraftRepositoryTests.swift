import ParleyCore
import Testing

@testable import ParleyStore

@Suite struct DraftRepositoryTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    @Test func savesRevisionsWithCompareAndSet() async throws {
        let (conversation, messages) = try await fixture.conversation(texts: ["Write a poem"])
        let first = try await store.drafts.save(
            DraftSave(
                conversationID: conversation.id, kind: .prefix, content: "Roses are", parentID: messages[0].id,
                reasoningContent: "start with flowers"))
        #expect(first.revision == 1)
        let second = try await store.drafts.save(
            DraftSave(
                id: first.id, conversationID: conversation.id, kind: .prefix, content: "Roses are red", revision: 1))
        #expect(second.revision == 2)
        #expect(second.content == "Roses are red")
        #expect(try await store.drafts.get(first.id) == second)
        #expect(try await store.drafts.list(conversationID: conversation.id) == [second])
    }

    @Test func aStaleRevisionIsAConflictNamingBothAndOverwritesNothing() async throws {
        let (conversation, _) = try await fixture.conversation()
        let draft = try await store.drafts.save(
            DraftSave(conversationID: conversation.id, kind: .composer, content: "a"))
        let mine = try await store.drafts.save(
            DraftSave(id: draft.id, conversationID: conversation.id, kind: .composer, content: "mine", revision: 1))
        let error = await parleyError {
            _ = try await store.drafts.save(
                DraftSave(
                    id: draft.id, conversationID: conversation.id, kind: .composer, content: "theirs", revision: 1))
        }
        #expect(error == .revisionConflict(draftID: draft.id.rawValue, expected: 1, current: 2))
        #expect(error?.code == -32002)
        #expect(error?.description.contains("revision 1") == true)
        #expect(error?.description.contains("revision is 2") == true)
        #expect(try await store.drafts.get(draft.id) == mine)
    }

    @Test func updatingWithoutARevisionIsRefused() async throws {
        let (conversation, _) = try await fixture.conversation()
        let draft = try await store.drafts.save(
            DraftSave(conversationID: conversation.id, kind: .composer, content: "a"))
        let error = await parleyError {
            _ = try await store.drafts.save(
                DraftSave(id: draft.id, conversationID: conversation.id, kind: .composer, content: "b"))
        }
        guard case let .invalidValue(field, _, rule) = error else {
            Issue.record("expected invalid revision, got \(String(describing: error))")
            return
        }
        #expect(field == "revision")
        #expect(rule.contains("current revision is 1"))
    }

    @Test func kindAndConversationCannotChange() async throws {
        let (conversation, _) = try await fixture.conversation()
        let (other, _) = try await fixture.conversation()
        let draft = try await store.drafts.save(
            DraftSave(conversationID: conversation.id, kind: .composer, content: "a"))
        #expect(
            await parleyError {
                _ = try await store.drafts.save(
                    DraftSave(id: draft.id, conversationID: conversation.id, kind: .prefix, content: "b", revision: 1))
            }?.code == -32602)
        #expect(
            await parleyError {
                _ = try await store.drafts.save(
                    DraftSave(id: draft.id, conversationID: other.id, kind: .composer, content: "b", revision: 1))
            }?.code == -32602)
        #expect(try await store.drafts.get(draft.id).content == "a")
    }

    @Test func deleteChecksTheRevisionWhenGiven() async throws {
        let (conversation, _) = try await fixture.conversation()
        let draft = try await store.drafts.save(
            DraftSave(conversationID: conversation.id, kind: .composer, content: "a"))
        #expect(
            await parleyError { _ = try await store.drafts.delete(draft.id, revision: 5) }
                == .revisionConflict(draftID: draft.id.rawValue, expected: 5, current: 1))
        _ = try await store.drafts.delete(draft.id, revision: 1)
        #expect(
            await parleyError { _ = try await store.drafts.get(draft.id) }
                == .notFound(entity: "draft", id: draft.id.rawValue))
        #expect(try await store.drafts.list().isEmpty)
        let kinds = try await store.changeLog.changes().filter { $0.entity == .draft }.map(\.operation)
        #expect(kinds == [.create, .delete])
    }

    @Test func draftsNeedALiveConversationAndParent() async throws {
        let missing = EntityID.generate()
        #expect(
            await parleyError {
                _ = try await store.drafts.save(DraftSave(conversationID: missing, kind: .composer, content: "a"))
            } == .notFound(entity: "conversation", id: missing.rawValue))
        let (conversation, _) = try await fixture.conversation()
        #expect(
            await parleyError {
                _ = try await store.drafts.save(
                    DraftSave(conversationID: conversation.id, kind: .prefix, content: "a", parentID: missing))
            } == .notFound(entity: "message", id: missing.rawValue))
        #expect(try await fixture.count("draft") == 0)
    }
}
