import Foundation
import ParleyCore
import Testing

@testable import ParleyStore

@Suite struct ConversationRepositoryTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    @Test func createsWithDefaultsAndARootSystemMessage() async throws {
        let created = try await store.conversations.create(
            NewConversation(title: "Rust lifetimes", tags: ["rust", " work ", "rust"], system: "Be brief."))
        #expect(created.model == "deepseek-v4-flash")
        #expect(created.tags == ["rust", "work"])
        #expect(!created.pinned && !created.archived && !created.deleted)
        let path = try await store.messages.path(conversationID: created.id)
        #expect(path.map(\.role) == [.system])
        #expect(path.first?.content == .text("Be brief."))
        #expect(created.headMessageID == path.first?.id)
        #expect(try await store.conversations.get(created.id) == created)
    }

    @Test func listsNewestFirstAcrossPages() async throws {
        var ids: [EntityID] = []
        for index in 0..<7 {
            ids.append(try await store.conversations.create(NewConversation(title: "c\(index)")).id)
        }
        var seen: [EntityID] = []
        var cursor: String?
        repeat {
            let page = try await store.conversations.list(limit: 3, cursor: cursor)
            #expect(page.items.count <= 3)
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == ids.reversed())
    }

    @Test func filtersByTagArchivedAndDeleted() async throws {
        let work = try await store.conversations.create(NewConversation(title: "a", tags: ["work"]))
        let home = try await store.conversations.create(NewConversation(title: "b", tags: ["home"]))
        let old = try await store.conversations.create(NewConversation(title: "c", tags: ["work"]))
        _ = try await store.conversations.update(old.id, ConversationUpdate(archived: true))
        _ = try await store.conversations.delete(home.id)

        #expect(try await store.conversations.list(ConversationFilter(tag: "work")).items.map(\.id) == [work.id])
        #expect(try await store.conversations.list(ConversationFilter(archived: true)).items.map(\.id) == [old.id])
        #expect(
            Set(try await store.conversations.list(ConversationFilter(archived: nil)).items.map(\.id))
                == [work.id, old.id])
        #expect(try await store.conversations.list(ConversationFilter(deleted: true)).items.map(\.id) == [home.id])
    }

    @Test func updatesOnlyTheGivenFieldsAndLogsThem() async throws {
        let created = try await store.conversations.create(NewConversation(title: "before"))
        let before = try await store.changeLog.lastSequence()
        let settings = GenerationSettings(temperature: 0.3, thinking: .disabled)
        let updated = try await store.conversations.update(
            created.id, ConversationUpdate(title: "after", settings: settings, tags: ["x"], pinned: true))
        #expect(updated.title == "after")
        #expect(updated.settings == settings)
        #expect(updated.tags == ["x"])
        #expect(updated.pinned)
        #expect(!updated.archived)
        #expect(updated.hlc > created.hlc)
        let changes = try await store.changeLog.changes(after: before)
        #expect(changes.count == 1)
        #expect(changes.first?.operation == .update)
        #expect(Set(changes.first?.fields ?? []) == ["title", "settings", "pinned", "tags"])
        #expect(changes.first?.hlc == updated.hlc)
    }

    @Test func deleteIsATombstoneThatRestoreUndoes() async throws {
        let (conversation, _) = try await fixture.conversation(title: "gone", texts: ["hello"])
        _ = try await store.conversations.delete(conversation.id)
        #expect(
            await parleyError { _ = try await store.conversations.get(conversation.id) }
                == .notFound(entity: "conversation", id: conversation.id.rawValue))
        #expect(try await store.conversations.get(conversation.id, includeDeleted: true).deleted)
        #expect(try await fixture.count("message") == 1)
        let restored = try await store.conversations.restore(conversation.id)
        #expect(!restored.deleted)
        let operations = try await store.changeLog.changes().filter { $0.entity == .conversation }.map(\.operation)
        #expect(operations.suffix(2) == [.delete, .restore])
    }

    @Test func invalidValuesAreRefusedAndNothingIsStored() async throws {
        let cases: [(NewConversation, String)] = [
            (NewConversation(settings: GenerationSettings(temperature: 2.5)), "settings.temperature"),
            (NewConversation(model: "bad model!"), "model"),
            (NewConversation(title: "two\nlines"), "title"),
            (NewConversation(tags: [""]), "tags[0]"),
            (NewConversation(tags: (0..<40).map { "t\($0)" }), "tags"),
        ]
        for (new, field) in cases {
            let error = await parleyError { _ = try await store.conversations.create(new) }
            guard case let .invalidValue(reported, _, _) = error else {
                Issue.record("expected invalid \(field), got \(String(describing: error))")
                continue
            }
            #expect(reported == field)
        }
        #expect(try await fixture.count("conversation") == 0)
        #expect(try await fixture.count("change_log") == 0)
    }

    @Test func aRefusedUpdateChangesNothing() async throws {
        let created = try await store.conversations.create(NewConversation(title: "keep"))
        let error = await parleyError {
            _ = try await store.conversations.update(
                created.id, ConversationUpdate(title: "new", settings: GenerationSettings(topP: 1.5)))
        }
        #expect(error?.code == -32602)
        #expect(error?.description.contains("settings.top_p") == true)
        #expect(try await store.conversations.get(created.id) == created)
    }

    @Test func missingConversationsAreNotFound() async throws {
        let id = EntityID.generate()
        #expect(
            await parleyError { _ = try await store.conversations.update(id, ConversationUpdate(title: "x")) }
                == .notFound(entity: "conversation", id: id.rawValue))
        #expect(
            await parleyError { _ = try await store.conversations.delete(id) }
                == .notFound(entity: "conversation", id: id.rawValue))
    }

    @Test func aCursorFromElsewhereIsRefused() async throws {
        let error = await parleyError { _ = try await store.conversations.list(cursor: "garbage!") }
        guard case let .invalidValue(field, _, _) = error else {
            Issue.record("expected invalid cursor, got \(String(describing: error))")
            return
        }
        #expect(field == "cursor")
    }
}
