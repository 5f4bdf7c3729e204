import Foundation
import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

/// Every format from its file through the importer into a store, and Parley's own export back out: lossless
/// (the same content hash after importing it into an empty store) and readable (Markdown).
@Suite struct ExchangeRoundTripTests {
    let fixture: ExchangeFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try ExchangeFixture() }

    @Test(arguments: ConversationShapes.all.indices)
    func everyJSONFormatIsRecognisedFromItsFileAndImported(index: Int) async throws {
        let (format, text) = ConversationShapes.all[index]
        let path = try fixture.write("[" + text + "]", to: "export-\(index).json")
        let summary = try await Importer(store: store).run(ImportRequest(path: path))
        #expect(summary.format == format)
        #expect(summary.conversations.added == 1)
        #expect(summary.skipped.isEmpty)
        let conversation = try #require(try await store.conversations.list().items.first)
        #expect(conversation.source == format.rawValue)
        let tree = try await store.messages.tree(conversationID: conversation.id)
        #expect(!tree.isEmpty)
        #expect(tree.allSatisfy { $0.source == format.rawValue && $0.sourceID != nil })
        #expect(try await store.search.messages("Hi").items.count >= 1)
    }

    @Test func anLLMDatabaseIsImportedThroughTheSameImporterAndAgainAddsNothing() async throws {
        let logs = try LLMLogsFixture()
        defer { logs.remove() }
        let path = try logs.database("logs.db", LLMLogsFixture.legacyTables, LLMLogsReaderTests.legacyRows)
        let summary = try await Importer(store: store).run(ImportRequest(path: path))
        #expect(summary.format == .llm)
        #expect(summary.conversations.added == 3)
        #expect(summary.skipped.isEmpty)
        let reasoned = try await store.search.messages("Because").items
        let answer = try await store.messages.get(try #require(reasoned.first).messageID)
        #expect(answer.reasoningContent == "Let me think.")
        #expect(answer.model == "deepseek-reasoner")
        let again = try await Importer(store: store).run(ImportRequest(path: path))
        #expect(again.conversations.unchanged == 3)
        #expect(again.messages.added == 0)
    }

    /// A store with branches, a deleted message, a deleted conversation, tags, a draft and usage.
    private func populate() async throws {
        let path = try fixture.write(
            ChatGPTFixture.export([ChatGPTFixture.first, ChatGPTFixture.second]), to: "c.json")
        _ = try await Importer(store: store).run(ImportRequest(path: path))
        let own = try await store.conversations.create(
            NewConversation(title: "Own", tags: ["work", "rust"], system: "Be brief."))
        let question = try await store.messages.append(
            NewMessage(conversationID: own.id, role: .user, content: .text("Lifetimes?")))
        let answer = try await store.messages.append(
            NewMessage(
                conversationID: own.id, role: .assistant, content: .text("They bound borrows."),
                reasoningContent: "Think about scopes.", model: "deepseek-v4-flash"))
        _ = try await store.messages.append(
            NewMessage(
                conversationID: own.id, role: .assistant, content: .text("Second answer"),
                parent: .siblingOf(answer.id)))
        _ = try await store.messages.delete(answer.id)
        _ = try await store.usage.record(
            NewUsage(
                model: "deepseek-v4-flash", promptTokens: 5, completionTokens: 7, cost: "0.00001",
                conversationID: own.id, messageID: question.id))
        _ = try await store.usage.record(NewUsage(model: "deepseek-v4-flash", promptTokens: 1, completionTokens: 1))
        _ = try await store.drafts.save(
            DraftSave(conversationID: own.id, kind: .prefix, content: "They bou", parentID: question.id))
        let gone = try await store.conversations.create(NewConversation(title: "Gone"))
        _ = try await store.conversations.delete(gone.id)
    }

    @Test func aParleyExportImportedIntoAnEmptyStoreGivesTheSameContentHash() async throws {
        try await populate()
        let exportPath = fixture.folder.file("parley-export.json")
        let written = try await Exporter(store: store).run(ExportRequest(path: exportPath, format: .parley))
        #expect(written.conversations == 4)
        #expect(written.files == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: exportPath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        let other = try ExchangeFixture(name: "other.sqlite")
        let summary = try await Importer(store: other.store).run(ImportRequest(path: exportPath))
        #expect(summary.format == .parley)
        #expect(summary.conversations.added == 4)
        #expect(summary.skipped.isEmpty)
        #expect(try await other.store.sync.contentHash() == (try await store.sync.contentHash()))
        let again = try await Importer(store: other.store).run(ImportRequest(path: exportPath))
        #expect(again.conversations.unchanged == 4)
        #expect(again.messages.added == 0)
        #expect(try await other.store.sync.contentHash() == (try await store.sync.contentHash()))
        let changes = try await other.store.changeLog.changes(limit: 10_000)
        #expect(changes.contains { $0.entity == .draft })
        #expect(changes.filter { $0.entity == .message && $0.operation == .create }.count == written.messages)
    }

    @Test func anExportCanBeNarrowedToConversationsOrToRecentChanges() async throws {
        try await populate()
        let own = try #require(try await store.conversations.list().items.first { $0.title == "Own" })
        let narrowed = try await Exporter(store: store).run(
            ExportRequest(path: fixture.folder.file("one.json"), format: .parley, conversationIDs: [own.id]))
        #expect(narrowed.conversations == 1)
        let recent = try await Exporter(store: store).run(
            ExportRequest(path: fixture.folder.file("recent.json"), format: .parley, since: own.updatedAt))
        #expect(recent.conversations >= 1)
        #expect(recent.conversations < 4)
        await #expect {
            try await Exporter(store: store).run(
                ExportRequest(
                    path: fixture.folder.file("x.json"), format: .parley, conversationIDs: [EntityID.generate()]))
        } throws: { error in "\(error)".contains("no conversation with id") }
    }

    @Test func aMarkdownExportWritesOneFilePerConversationWithItsCurrentBranch() async throws {
        try await populate()
        let folder = fixture.folder.file("notes")
        let summary = try await Exporter(store: store).run(ExportRequest(path: folder, format: .markdown))
        #expect(summary.conversations == 3)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count == 3)
        let ownName = try #require(names.first { $0.contains("-own-") })
        let text = try String(contentsOfFile: folder + "/" + ownName, encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"Own\"\n"))
        #expect(text.contains("tags: [\"work\", \"rust\"]"))
        #expect(text.contains("## User\n\nLifetimes?"))
        #expect(text.contains("Second answer"))
        #expect(!text.contains("They bound borrows."))
        let haikuName = try #require(names.first { $0.contains("haiku") })
        let haiku = try String(contentsOfFile: folder + "/" + haikuName, encoding: .utf8)
        #expect(haiku.contains("One file holds it all"))
        #expect(!haiku.contains("Pages in the WAL"))
        #expect(haiku.contains("## Assistant (gpt-4o)"))
    }

    @Test func thinkingIsFoldedInDetails() {
        let conversation = Conversation(
            id: EntityID.generate(), title: "T", model: "deepseek-v4-flash", settings: GenerationSettings(), tags: [],
            pinned: false, archived: false, headMessageID: nil, deleted: false, createdAt: 0, updatedAt: 0,
            hlc: HybridTimestamp(milliseconds: 0, counter: 0, deviceID: EntityID.generate()))
        let message = Message(
            id: EntityID.generate(), conversationID: conversation.id, parentID: nil, role: .assistant,
            content: .text("Answer"), reasoningContent: "Step one", createdAt: 0, updatedAt: 0, hlc: conversation.hlc)
        let text = MarkdownDocument(conversation: conversation, branch: [message]).text
        #expect(text.contains("<details>\n<summary>Thinking</summary>\n\nStep one\n\n</details>\n\nAnswer"))
    }
}
