import ParleyCore
import Testing

@testable import ParleyStore

/// Queries of prefixes only list the most recently stored matches first, a page at a time; every query can
/// ask for either order.
@Suite struct SearchOrderTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    @Test func prefixOnlyQueriesListTheNewestFirst() async throws {
        let ids = try await fixture.conversation(texts: [
            "configure once", "configuration twice", "configured configured configured", "unrelated",
        ]).1.map(\.id)
        let recent = try await store.search.messages("config*")
        #expect(recent.items.map(\.messageID) == [ids[2], ids[1], ids[0]])
        #expect(recent.items.allSatisfy { $0.rank == 0 })
        #expect(try SearchQuery(parsing: "config* OR conf*").defaultOrder == .recent)
        #expect(try SearchQuery(parsing: "config* nginx").defaultOrder == .relevance)
        #expect(try SearchQuery(parsing: "\"config\"").defaultOrder == .relevance)

        let relevant = try await store.search.messages("config*", order: .relevance)
        #expect(relevant.items.first?.messageID == ids[2], "three matches rank first")
        #expect(relevant.items.allSatisfy { $0.rank < 0 })
        let newestWord = try await store.search.messages("configure", order: .recent)
        #expect(newestWord.items.map(\.messageID) == [ids[2], ids[1], ids[0]])
    }

    @Test func recentPagesFollowEachOtherWithoutRepeats() async throws {
        let ids = try await fixture.conversation(texts: (0..<7).map { "page item \($0)" }).1.map(\.id)
        var seen: [EntityID] = []
        var cursor: String?
        repeat {
            let page = try await store.search.messages("pag*", limit: 3, cursor: cursor)
            seen += page.items.map(\.messageID)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == ids.reversed())
        let relevanceCursor = try #require(
            try await store.search.messages("page", order: .relevance, limit: 2).nextCursor)
        await #expect(throws: ParleyError.self) {
            try await store.search.messages("page", order: .recent, cursor: relevanceCursor)
        }
    }
}
