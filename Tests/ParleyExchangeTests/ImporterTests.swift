import Foundation
import ParleyCore
import ParleyStore
import Testing
import ZIPFoundation

@testable import ParleyExchange

/// Importing files end to end at the library: recognising the format, refusing what is not an export before
/// anything is stored, reading folders, zips and split files, batching, re-importing, and dry runs.
@Suite struct ImporterTests {
    let fixture: ExchangeFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try ExchangeFixture() }

    private func run(
        _ path: String, format: ImportFormat? = nil, dryRun: Bool = false,
        limits: ImportBatcher.Limits = .init(messages: 2, conversations: 1)
    ) async throws -> ImportSummary {
        try await Importer(store: store, batchLimits: limits).run(
            ImportRequest(path: path, format: format, dryRun: dryRun))
    }

    @Test func aChatGPTExportIsRecognisedAndImportedWhole() async throws {
        let path = try fixture.write(
            ChatGPTFixture.export([ChatGPTFixture.first, ChatGPTFixture.second]), to: "c.json")
        let progress = ProgressLog()
        let summary = try await Importer(store: store, batchLimits: .init(messages: 2, conversations: 1)).run(
            ImportRequest(path: path)
        ) { step in await progress.add(step) }
        #expect(summary.format == .chatgpt)
        #expect(summary.conversations.added == 2)
        #expect(summary.messages.added == 5)
        #expect(summary.skipped.isEmpty)
        let steps = await progress.steps
        #expect(steps.last?.done == 2)
        #expect(steps.allSatisfy { $0.total == 2 })
        let listed = try await store.conversations.list().items
        #expect(Set(listed.map(\.title)) == ["Monads", "Write a haiku about SQLite"])
        let haiku = try #require(listed.first { $0.sourceID == "c-2" })
        let head = try await store.messages.get(try #require(haiku.headMessageID))
        #expect(head.sourceID == "a3")
        #expect(head.model == "gpt-4o")
        #expect(head.createdAt == 1_714_564_820_000)
    }

    @Test func importingAgainAddsNothingAndANewerExportOnlyItsNewTurns() async throws {
        let path = try fixture.write(ChatGPTFixture.export([ChatGPTFixture.first]), to: "c.json")
        _ = try await run(path)
        let again = try await run(path)
        #expect(again.conversations == .init(added: 0, updated: 0, unchanged: 1))
        #expect(again.messages == .init(added: 0, unchanged: 2))
        let newer = ChatGPTFixture.conversation(
            id: "c-1", title: "Monads", current: "u3",
            turns: [
                ("u1", nil, "user", "What is a monad?"), ("a1", "u1", "assistant", "A monoid in the category…"),
                ("u3", "a1", "user", "Thanks!"),
            ])
        let newerPath = try fixture.write(ChatGPTFixture.export([newer, ChatGPTFixture.second]), to: "newer.json")
        let update = try await run(newerPath)
        #expect(update.conversations == .init(added: 1, updated: 1, unchanged: 0))
        #expect(update.messages == .init(added: 4, unchanged: 2))
        #expect(try await fixture.counts() == (2, 6))
    }

    @Test(arguments: [
        ("truncated", #"[{"id":"c-1","mapping":{"root":{"id":"root""#, "must be complete JSON"),
        ("trailing", "[] []", "must be complete JSON"),
        ("empty", "", "must be complete JSON"),
        ("not an export", #"[{"hello":"world"}]"#, "is not an export Parley reads"),
        ("a number", "42", "must be complete JSON"),
    ])
    func whatIsNotACompleteExportIsRefusedBeforeAnythingIsStored(
        name: String, text: String, problem: String
    )
        async throws
    {
        let good = ChatGPTFixture.export([ChatGPTFixture.first])
        let path = try fixture.write(
            text.hasPrefix("[{\"id\"") ? String(good.dropLast(40)) : text, to: "\(name).json")
        await #expect {
            try await run(path)
        } throws: { error in
            "\(error)".contains(problem) && "\(error)".contains("nothing was imported")
        }
        #expect(try await fixture.counts() == (0, 0))
    }

    @Test func aTruncatedSecondHalfStopsTheImportBeforeTheFirstHalfIsStored() async throws {
        var text = ChatGPTFixture.export([ChatGPTFixture.first, ChatGPTFixture.second])
        text.removeLast(30)
        let path = try fixture.write(text, to: "cut.json")
        await #expect(throws: ParleyError.self) { try await run(path) }
        #expect(try await fixture.counts() == (0, 0))
    }

    @Test func aFormatTheFileIsNotIsRefusedSayingWhatWasExpected() async throws {
        let path = try fixture.write(ChatGPTFixture.export([ChatGPTFixture.first]), to: "c.json")
        await #expect {
            try await run(path, format: .claude)
        } throws: { error in
            "\(error)".contains("is not a claude export") && "\(error)".contains("uuid and chat_messages")
        }
        await #expect {
            try await run(path, format: .llm)
        } throws: { error in "\(error)".contains("not llm's logs.db") }
        #expect(try await fixture.counts() == (0, 0))
    }

    @Test func aDamagedConversationIsSkippedWithWhereItIsAndWhy() async throws {
        let broken =
            #"{"id":"c-9","title":"x","create_time":1714564800,"current_node":"n1","mapping":{"#
            + #""n1":{"id":"n1","parent":"missing","children":[],"message":{"id":"n1","author":{"role":"user"},"#
            + #""content":{"content_type":"text","parts":["hi"]}}}}}"#
        let path = try fixture.write(
            ChatGPTFixture.export([ChatGPTFixture.first, broken, ChatGPTFixture.second]), to: "c.json")
        let summary = try await run(path)
        #expect(summary.conversations.added == 2)
        let skipped = try #require(summary.skipped.first)
        #expect(summary.skipped.count == 1)
        #expect(skipped.item.hasPrefix("c.json[1]"))
        #expect(skipped.reason.contains("missing"))
    }

    @Test func aDryRunCountsEverythingAndStoresNothing() async throws {
        let path = try fixture.write(
            ChatGPTFixture.export([ChatGPTFixture.first, ChatGPTFixture.second]), to: "c.json")
        let summary = try await run(path, dryRun: true)
        #expect(summary.dryRun)
        #expect(summary.conversations.added == 2)
        #expect(summary.messages.added == 5)
        #expect(try await fixture.counts() == (0, 0))
    }

    @Test func aZipWithSplitFilesIsReadInOrderWithoutUnpacking() async throws {
        let zipPath = fixture.folder.file("export.zip")
        let archive = try Archive(url: URL(fileURLWithPath: zipPath), accessMode: .create)
        let files = [
            ("export/conversations-000.json", ChatGPTFixture.export([ChatGPTFixture.first])),
            ("export/conversations-001.json", ChatGPTFixture.export([ChatGPTFixture.second])),
            ("export/user.json", #"{"id":"user-1"}"#), ("export/chat.html", "<html></html>"),
        ]
        for (name, text) in files {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        let summary = try await run(zipPath)
        #expect(summary.format == .chatgpt)
        #expect(summary.conversations.added == 2)
        #expect(summary.messages.added == 5)
    }

    @Test func aFolderWithConversationsJSONIsReadAndOtherFilesIgnored() async throws {
        _ = try fixture.write(ChatGPTFixture.export([ChatGPTFixture.second]), to: "unpacked/conversations.json")
        _ = try fixture.write(#"{"email":"me@example.com"}"#, to: "unpacked/user.json")
        let summary = try await run(fixture.folder.file("unpacked"))
        #expect(summary.conversations.added == 1)
    }

    @Test func aPathThatIsMissingOrRelativeIsRefused() async throws {
        await #expect { try await run(fixture.folder.file("nothing-here.json")) } throws: { error in
            "\(error)".contains("must be an existing file, folder or .zip")
        }
        await #expect { try await run("relative.json") } throws: { error in
            "\(error)".contains("must be an absolute path")
        }
    }
}

/// Progress steps as an import reported them.
actor ProgressLog {
    private(set) var steps: [ImportProgress] = []
    func add(_ step: ImportProgress) { steps.append(step) }
}

extension ImporterTests {
    @Test func aLogsDatabaseThatIsNotSQLiteIsRefusedSayingWhatWasExpected() async throws {
        let path = try fixture.write("this is not a database", to: "logs.db")
        await #expect {
            try await run(path)
        } throws: { error in
            "\(error)".contains("is not an SQLite database") && "\(error)".contains("nothing was imported")
        }
        #expect(try await fixture.counts() == (0, 0))
    }
}
