import ParleyCore
import Testing

@testable import ParleyStore

/// English word forms: a bare word finds its other forms through Porter stems, the exact form first, while
/// phrases, prefixes and identifiers match as written.
@Suite struct SearchWordFormTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    private func messages(_ texts: [String]) async throws -> [EntityID] {
        try await fixture.conversation(texts: texts).1.map(\.id)
    }

    private func hits(_ query: String) async throws -> Set<EntityID> {
        Set(try await store.search.messages(query, limit: 200).items.map(\.messageID))
    }

    private func ranked(_ query: String) async throws -> [EntityID] {
        try await store.search.messages(query, limit: 200).items.map(\.messageID)
    }

    @Test func pluralsFindEachOther() async throws {
        let ids = try await messages([
            "How do lifetimes work in Rust?", "One lifetime per reference", "Nothing about that here",
        ])
        #expect(try await hits("lifetime") == [ids[0], ids[1]])
        #expect(try await hits("lifetimes") == [ids[0], ids[1]])
        #expect(try await hits("LIFETIMES") == [ids[0], ids[1]])
    }

    @Test func ingAndPresentFormsFindEachOther() async throws {
        let ids = try await messages(["The tests are running", "run the tests again", "it runs nightly", "a rune"])
        let forms: Set = [ids[0], ids[1], ids[2]]
        #expect(try await hits("run") == forms)
        #expect(try await hits("running") == forms)
        #expect(try await hits("runs") == forms)
    }

    @Test func edAndIonFormsFindEachOther() async throws {
        let ids = try await messages([
            "How do I configure nginx?", "I configured it yesterday", "The configuration file is wrong",
            "A configurable thing", "a figure",
        ])
        let forms: Set = [ids[0], ids[1], ids[2]]
        #expect(try await hits("configure").isSuperset(of: forms))
        #expect(try await hits("configured").isSuperset(of: forms))
        #expect(try await hits("configuration").isSuperset(of: forms))
        #expect(try await !hits("configure").contains(ids[4]))
    }

    @Test func theExactFormRanksFirst() async throws {
        let ids = try await messages([
            "running running running", "run", "running late", "the runs",
        ])
        #expect(try await ranked("run").first == ids[1])
        let running = try await ranked("running")
        #expect(Set(running.prefix(2)) == [ids[0], ids[2]], "both messages with the exact form come first")
        #expect(try await ranked("runs").first == ids[3])
        let lifetimes = try await messages(["lifetimes and lifetimes of lifetimes", "a lifetime"])
        #expect(try await ranked("lifetime").first == lifetimes[1])
        #expect(try await ranked("lifetimes").first == lifetimes[0])
    }

    @Test func quotedPhrasesAndPrefixesMatchAsWritten() async throws {
        let ids = try await messages(["I was running late", "we run late", "the runner"])
        #expect(try await hits("\"running late\"") == [ids[0]])
        #expect(try await hits("\"run late\"") == [ids[1]])
        #expect(try await hits("\"running\"") == [ids[0]])
        #expect(try await hits("runn*") == [ids[0], ids[2]])
        #expect(try await hits("run*") == [ids[0], ids[1], ids[2]])
        #expect(try await hits("running late") == [ids[0], ids[1]], "bare words still find every form")
    }

    @Test func operatorsCombineWordForms() async throws {
        let ids = try await messages(["configured nginx", "configure apache", "apache is running"])
        #expect(try await hits("configuration NOT apache") == [ids[0]])
        #expect(try await hits("configure AND runs") == [])
        #expect(try await hits("configuring OR running") == [ids[0], ids[1], ids[2]])
        #expect(try await hits("NEAR(configured nginx)") == [ids[0]])
    }

    @Test func identifiersAndOtherScriptsAreNotStemmed() async throws {
        let ids = try await messages(["call parse_json here", "parsing json by hand", "数据库的索引", "Café crème"])
        #expect(try await hits("parse_json") == [ids[0]])
        #expect(try await hits("索引") == [ids[2]])
        #expect(try await hits("cafe") == [ids[3]])
        #expect(try await hits("parses") == [ids[0], ids[1]], "a bare word finds the identifier's parts' forms")
    }

    @Test func snippetsMarkEveryFormFound() async throws {
        _ = try await messages(["Lifetimes, and one lifetime, and a lifeline"])
        let hit = try #require(try await store.search.messages("lifetime").items.first)
        #expect(hit.snippet == "[Lifetimes], and one [lifetime], and a lifeline")
        _ = try await fixture.conversation(title: "Configured proxies")
        #expect(try await store.search.conversations("configure").map(\.highlighted) == ["[Configured] proxies"])
    }

    @Test func titlesFindWordForms() async throws {
        let (configuring, _) = try await fixture.conversation(title: "Configuring nginx")
        let (other, _) = try await fixture.conversation(title: "conv 1")
        #expect(try await store.search.conversations("configure").map(\.conversationID) == [configuring.id])
        #expect(try await store.search.conversations("conv").map(\.conversationID) == [other.id])
    }

    @Test func aTypedControlMarkIsNotAStemRequest() async throws {
        let ids = try await messages(["the runs", "x run"])
        #expect(try await hits("\"\u{1}running\"").isEmpty)
        #expect(try await hits("\u{1}run") == [ids[0], ids[1]])
    }
}
