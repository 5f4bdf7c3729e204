import Foundation
import FuzzSupport
import GRDB
import ParleyCore

@testable import ParleyStore

/// A search query as a user types it (`parley search`, `search.messages`): `SearchQuery(parsing:)`, and the FTS5
/// expression it renders run against a small real store.
///
/// The parser's promise is that SQLite never sees raw user input: it either throws `ParleyError.invalidQuery`
/// pointing into the text, or renders an expression FTS5 accepts. So an FTS5 syntax error is a finding, whether
/// it shows up raw (the expression run straight through `MATCH`) or as the fallback `SearchRepository` turns it
/// into (an `invalidQuery` at position 1 saying the search engine could not read it), and so is a `.storage` error
/// from a search. The store holds English, code, Chinese, Japanese and Korean text, so that matching queries
/// reach snippets and highlights too.

/// The text `SearchRepository.checkedQuery` puts in the error it makes of an FTS5 syntax error.
private let fallbackProblem = "the search engine could not read it"

private final class Fixture: @unchecked Sendable {
    let folder = ScratchFolder(prefix: "parley-fuzz-search-")
    let store: ParleyStore
    let conversationID: EntityID

    init() {
        do {
            store = try ParleyStore.open(path: folder.file("parley.sqlite"))
        } catch {
            fatalError("cannot open a scratch store: \(error)")
        }
        let store = self.store
        conversationID = runBlocking { await Self.seed(store) }
    }

    private static func seed(_ store: ParleyStore) async -> EntityID {
        let texts = [
            "Lifetimes in Rust: why does 'a outlive 'b? The borrow checker needs `'a: 'b`.",
            "parse_json(c++ foo:bar) returns URLSession.shared.dataTask; see sync* and NEAR(a b)",
            "全文搜索使用二元分词，支持中文检索。",
            "日本語の全文検索はバイグラムで索引されます。",
            "한국어 전문 검색도 지원합니다.",
            "rust -go \"exact phrase\" AND OR NOT ( ) , * ^ : + - emoji 🦀 café naïve",
        ]
        do {
            let conversation = try await store.conversations.create(
                NewConversation(title: "Rust lifetimes 全文搜索", tags: ["rust"]))
            for (index, text) in texts.enumerated() {
                _ = try await store.messages.append(
                    NewMessage(
                        conversationID: conversation.id, role: index % 2 == 0 ? .user : .assistant,
                        content: .text(text)))
            }
            _ = try await store.conversations.create(NewConversation(title: "Go channels and 日本語"))
            return conversation.id
        } catch {
            fatalError("cannot seed the scratch store: \(error)")
        }
    }
}

private let fixture = Fixture()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let query: SearchQuery
    do {
        query = try SearchQuery(parsing: text)
    } catch {
        guard case .invalidQuery(let refused, let position, _) = error, refused == text else {
            finding("the parser threw something other than invalidQuery for its own text: \(error)")
        }
        let last = text.count > SearchQuery.maximumLength ? SearchQuery.maximumLength + 1 : text.count + 1
        if position < 1 || position > last {
            finding(
                "the error position \(position) lies outside the \(text.count) characters of \(text.debugDescription)")
        }
        return 0
    }
    if query.ftsExpression.isEmpty { finding("an empty FTS5 expression for \(text.debugDescription)") }
    runRaw(query, text: text)
    runBlocking { await search(query, text: text) }
    return 0
}

/// The expression straight through `MATCH`, on both indexes, so an FTS5 complaint is seen as SQLite said it.
private func runRaw(_ query: SearchQuery, text: String) {
    for table in ["message_search", "conversation_search"] {
        do {
            _ = try fixture.store.readNow { db in
                try Row.fetchAll(
                    db, sql: "SELECT rowid FROM \(table) WHERE \(table) MATCH ? LIMIT 5",
                    arguments: [query.ftsExpression]
                ).count
            }
        } catch {
            finding(
                "FTS5 refuses the expression \(query.ftsExpression.debugDescription) rendered from "
                    + "\(text.debugDescription): \(error)")
        }
    }
}

/// The repository's own searches, as `search.messages` and `parley search` run them, filtered and not.
private func search(_ query: SearchQuery, text: String) async {
    let filters = [SearchFilter(), SearchFilter(conversationID: fixture.conversationID, role: .assistant)]
    for filter in filters {
        do {
            let page = try await fixture.store.search.messages(text, filter: filter, limit: 3)
            if let cursor = page.nextCursor {
                _ = try await fixture.store.search.messages(text, filter: filter, limit: 3, cursor: cursor)
            }
        } catch {
            check(error, query, text)
        }
    }
    do {
        _ = try await fixture.store.search.conversations(text, limit: 3)
    } catch {
        check(error, query, text)
    }
}

private func check(_ error: ParleyError, _ query: SearchQuery, _ text: String) {
    switch error {
    case .invalidQuery(_, _, let problem) where problem.contains(fallbackProblem):
        finding("FTS5 could not read \(query.ftsExpression.debugDescription) rendered from \(text.debugDescription)")
    case .storage(let reason):
        finding(
            "a storage error searching \(text.debugDescription) (\(query.ftsExpression.debugDescription)): \(reason)")
    default:
        finding("the parser accepted \(text.debugDescription) but the search refused it: \(error)")
    }
}
