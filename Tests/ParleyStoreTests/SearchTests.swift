import ParleyCore
import Testing

@testable import ParleyStore

@Suite struct SearchTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    /// Stores each text as its own message and returns the ids in the same order.
    private func messages(_ texts: [String], title: String = "", tags: [String] = []) async throws -> [EntityID] {
        try await fixture.conversation(title: title, tags: tags, texts: texts).1.map(\.id)
    }

    private func hits(_ query: String, _ filter: SearchFilter = SearchFilter()) async throws -> Set<EntityID> {
        Set(try await store.search.messages(query, filter: filter, limit: 200).items.map(\.messageID))
    }

    @Test func englishWordsInAnyCaseAndByPrefix() async throws {
        let ids = try await messages([
            "How do I SYNC two folders?", "Synchronization is hard", "Nothing relevant here", "sync sync sync",
        ])
        #expect(try await hits("sync") == [ids[0], ids[3]])
        #expect(try await hits("Sync") == [ids[0], ids[3]])
        #expect(try await hits("sync*") == [ids[0], ids[1], ids[3]])
        #expect(try await hits("relevant") == [ids[2]])
        let ranked = try await store.search.messages("sync").items.map(\.messageID)
        #expect(ranked.first == ids[3], "the message that says sync three times ranks first")
    }

    @Test func accentsAreFolded() async throws {
        let ids = try await messages(["Un café à Paris", "Naïve résumé", "plain cafe"])
        #expect(try await hits("cafe") == [ids[0], ids[2]])
        #expect(try await hits("café") == [ids[0], ids[2]])
        #expect(try await hits("resume") == [ids[1]])
        #expect(try await hits("NAIVE") == [ids[1]])
    }

    @Test func codeIdentifiers() async throws {
        let ids = try await messages([
            "call parse_json(data) first", "let task = URLSession.shared.dataTask(with: url)",
            "parse the json by hand", "use getUserName() and base64Encode", "an XMLHttpRequest object",
        ])
        #expect(try await hits("parse_json") == [ids[0]])
        #expect(try await hits("URLSession") == [ids[1]])
        #expect(try await hits("urlsession") == [ids[1]])
        #expect(try await hits("session") == [ids[1]])
        #expect(try await hits("dataTask") == [ids[1]])
        #expect(try await hits("json") == [ids[0], ids[2]])
        #expect(try await hits("getUserName") == [ids[3]])
        #expect(try await hits("user") == [ids[3]])
        #expect(try await hits("name") == [ids[3]])
        #expect(try await hits("encode") == [ids[3]])
        #expect(try await hits("request") == [ids[4]])
    }

    @Test func chineseByAnyTwoCharacterWord() async throws {
        let ids = try await messages([
            "这是一个全文搜索引擎", "我们讨论数据库的索引", "今天天气很好", "用Swift写一个服务器",
        ])
        #expect(try await hits("搜索") == [ids[0]])
        #expect(try await hits("全文") == [ids[0]])
        #expect(try await hits("引擎") == [ids[0]])
        #expect(try await hits("索引") == [ids[0], ids[1]])
        #expect(try await hits("全文搜索引擎") == [ids[0]])
        #expect(try await hits("数据库") == [ids[1]])
        #expect(try await hits("天气") == [ids[2]])
        #expect(try await hits("swift") == [ids[3]])
        #expect(try await hits("服务器") == [ids[3]])
        #expect(try await hits("搜引").isEmpty, "characters that are not adjacent do not match")
        #expect(try await hits("擎") == [ids[0]], "a single character finds runs that contain it")
    }

    @Test func japaneseKanaAndKanji() async throws {
        let ids = try await messages([
            "全文検索エンジンを作りました", "東京都庁に行きます", "データベースの設計について", "ひらがなだけのぶんしょう",
        ])
        #expect(try await hits("検索") == [ids[0]])
        #expect(try await hits("エンジン") == [ids[0]])
        #expect(try await hits("東京") == [ids[1]])
        #expect(try await hits("データ") == [ids[2]])
        #expect(try await hits("ベース") == [ids[2]])
        #expect(try await hits("設計") == [ids[2]])
        #expect(try await hits("ひらがな") == [ids[3]])
    }

    @Test func koreanAndMixedScripts() async throws {
        let ids = try await messages(["검색 엔진을 만들었습니다", "SQLite와 FTS5로 검색하기"])
        #expect(try await hits("검색") == [ids[0], ids[1]])
        #expect(try await hits("sqlite") == [ids[1]])
        #expect(try await hits("fts5") == [ids[1]])
    }

    @Test func deletedMessagesAndConversationsNeverComeBack() async throws {
        let ids = try await messages(["secret plan alpha", "secret plan beta"])
        let (other, otherMessages) = try await fixture.conversation(texts: ["secret plan gamma"])
        _ = try await store.messages.delete(ids[0])
        #expect(try await hits("secret") == [ids[1], otherMessages[0].id])
        _ = try await store.conversations.delete(other.id)
        #expect(try await hits("secret") == [ids[1]])
        _ = try await store.conversations.restore(other.id)
        #expect(try await hits("secret") == [ids[1], otherMessages[0].id])
    }

    @Test func filtersByConversationRoleModelTagAndDate() async throws {
        let (work, workMessages) = try await fixture.conversation(
            tags: ["work"], texts: ["deploy the server", "server deployed"])
        let (_, homeMessages) = try await fixture.conversation(tags: ["home"], texts: ["fix the home server"])
        let tagged = try await store.messages.append(
            NewMessage(
                conversationID: work.id, role: .assistant, content: .text("server by model"), model: "deepseek-v4-flash"
            ))
        #expect(
            try await hits("server", SearchFilter(conversationID: work.id)) == Set(workMessages.map(\.id) + [tagged.id])
        )
        #expect(try await hits("server", SearchFilter(role: .user)) == [workMessages[0].id, homeMessages[0].id])
        #expect(try await hits("server", SearchFilter(model: "deepseek-v4-flash")) == [tagged.id])
        #expect(try await hits("server", SearchFilter(tag: "home")) == [homeMessages[0].id])
        #expect(try await hits("server", SearchFilter(since: tagged.createdAt)).contains(tagged.id))
        #expect(try await hits("server", SearchFilter(until: workMessages[0].createdAt)).isEmpty)
        #expect(try await hits("server", SearchFilter(since: 0, until: Int64.max)).count == 4)
    }

    @Test func pagesFollowEachOtherWithoutRepeats() async throws {
        let ids = try await messages(
            (0..<25).map { "lorem ipsum number \($0) " + String(repeating: "lorem ", count: $0 % 5) })
        var seen: [EntityID] = []
        var cursor: String?
        var previousRank = -Double.infinity
        repeat {
            let page = try await store.search.messages("lorem", limit: 7, cursor: cursor)
            for hit in page.items {
                #expect(hit.rank >= previousRank)
                previousRank = hit.rank
            }
            seen += page.items.map(\.messageID)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == 25)
        #expect(Set(seen) == Set(ids))
    }

    @Test func snippetsHighlightMatchesAndHitsCarryContext() async throws {
        let (conversation, messages) = try await fixture.conversation(
            title: "Search engines", texts: ["We built a full text search engine in Swift"])
        let hit = try #require(try await store.search.messages("search").items.first)
        #expect(hit.snippet.contains("[search]"))
        #expect(hit.conversationID == conversation.id)
        #expect(hit.conversationTitle == "Search engines")
        #expect(hit.messageID == messages[0].id)
        #expect(hit.role == .user)
        let styled = try #require(
            try await store.search.messages("swift", style: SnippetStyle(open: "<b>", close: "</b>")).items.first)
        #expect(styled.snippet.contains("<b>Swift</b>"))
        let chinese = try await self.messages(["这是一个全文搜索引擎"])
        let chineseHit = try #require(try await store.search.messages("搜索").items.first { $0.messageID == chinese[0] })
        #expect(chineseHit.snippet.contains("[搜索]"))
    }

    @Test func conversationTitlesAreSearchable() async throws {
        let (rust, _) = try await fixture.conversation(title: "Rust lifetimes explained")
        let (chinese, _) = try await fixture.conversation(title: "数据库索引设计")
        let (gone, _) = try await fixture.conversation(title: "Rust macros")
        _ = try await store.conversations.delete(gone.id)
        #expect(try await store.search.conversations("rust").map(\.conversationID) == [rust.id])
        #expect(try await store.search.conversations("索引").map(\.conversationID) == [chinese.id])
        _ = try await store.conversations.update(rust.id, ConversationUpdate(title: "Borrow checker"))
        #expect(try await store.search.conversations("rust").isEmpty)
        #expect(try await store.search.conversations("borrow").first?.highlighted == "[Borrow] checker")
    }

    @Test func operatorsWork() async throws {
        let ids = try await messages(["apple banana", "apple cherry", "banana cherry", "apple pie with banana on top"])
        #expect(try await hits("apple AND banana") == [ids[0], ids[3]])
        #expect(try await hits("apple banana") == [ids[0], ids[3]])
        #expect(try await hits("apple OR cherry") == Set(ids))
        #expect(try await hits("apple NOT banana") == [ids[1]])
        #expect(try await hits("\"apple banana\"") == [ids[0]])
        #expect(try await hits("NEAR(apple banana, 1)") == [ids[0]])
        #expect(try await hits("(apple OR banana) AND cherry") == [ids[1], ids[2]])
    }

    @Test(arguments: [
        ("\"unbalanced", "never closed"), ("AND", "needs a search term before it"),
        ("apple AND", "needs a search term after it"), ("NEAR(", "never closed"), ("NEAR(apple", "never closed"),
        ("NEAR apple", "must be followed by ("), ("(apple", "never closed"), ("apple)", "no matching ("),
        ("", "empty"), ("   ", "empty"), ("!!!", "no letters or digits"), ("ap*ple", "may only end a word"),
        ("NOT apple", "needs a search term before it"), ("apple OR OR pie", "needs a search term before it"),
        ("NEAR(apple pie, x)", "whole number"),
    ])
    func malformedQueriesGetAClearError(query: String, problem: String) async throws {
        _ = try await messages(["apple pie"])
        let error = await parleyError { _ = try await store.search.messages(query) }
        guard case let .invalidQuery(text, _, reported) = error else {
            Issue.record("expected an invalid query error for \(query), got \(String(describing: error))")
            return
        }
        #expect(text == query)
        #expect(reported.contains(problem), "\(reported)")
        #expect(error?.code == -32602)
        #expect(error?.description.contains("SQLite") == false)
    }

    @Test func punctuationInsideTermsIsText() async throws {
        let ids = try await messages(["c++ templates", "column:value pairs", "email me at a@b.com"])
        #expect(try await hits("c++") == [ids[0]])
        #expect(try await hits("column:value") == [ids[1]])
        #expect(try await hits("a@b.com") == [ids[2]])
        #expect(try await hits("\"say \"\"hi\"\"\"").isEmpty)
    }

    /// Found by fuzzing (Fuzz/Regressions/FuzzSearchQuery): a NUL ended FTS5's reading of the expression, and a
    /// `"` joined with a combining mark into one Character went to FTS5 undoubled; both searches failed.
    @Test(arguments: ["a\u{0}", "a\"\u{301}", "\"alpha\u{0}beta\"", "\"a\"\u{301}\" OR alpha"])
    func quotesJoinedWithMarksAndNULsAreSearchedAsText(query: String) async throws {
        let ids = try await messages(["alpha beta", "a quoted \"\u{301} mark"])
        let found = try await hits(query)
        #expect(found.isSubset(of: Set(ids)))
        #expect(SearchQuery.parsedOrNil(query) != nil)
    }
}

extension SearchTests {
    /// Found by fuzzing (Fuzz/Regressions/FuzzSearchQuery/deep-nesting, not-chain): deep parentheses and long
    /// NOT chains went past FTS5's parser depth and failed as "the search engine could not read it".
    @Test func longNotChainsWorkAndDeepNestingIsRefusedWithTheLimit() async throws {
        let ids = try await messages(["apple pie", "apple tart", "apple crumble", "pear tart"])
        let chain = "apple" + String(repeating: " NOT pie", count: 110) + " NOT crumble"
        #expect(try await hits(chain) == [ids[1]])
        #expect(try await hits("(apple NOT pie) NOT crumble") == [ids[1]])
        #expect(try await hits("tart NOT (apple NOT pie)") == [ids[3]])
        let fine = String(repeating: "(", count: 32) + "tart" + String(repeating: ")", count: 32)
        #expect(try await hits(fine) == [ids[1], ids[3]])
        let deep = String(repeating: "(", count: 33) + "tart" + String(repeating: ")", count: 33)
        let error = await parleyError { _ = try await store.search.messages(deep) }
        #expect(
            error == .invalidQuery(query: deep, position: 33, problem: "parentheses may nest at most 32 levels deep"))
    }
}

extension SearchQuery {
    /// The query, or nil when it is refused.
    fileprivate static func parsedOrNil(_ text: String) -> SearchQuery? { try? SearchQuery(parsing: text) }
}
