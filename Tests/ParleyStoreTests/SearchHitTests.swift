import ParleyCore
import Testing

@testable import ParleyStore

/// What a search hit tells beside its snippet (its source, its branch) and the filters on them.
@Suite struct SearchHitTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    private func hits(_ query: String, _ filter: SearchFilter = SearchFilter()) async throws -> [EntityID: SearchHit] {
        let items = try await store.search.messages(query, filter: filter, limit: 200).items
        return Dictionary(items.map { ($0.messageID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Appends a message, a few milliseconds after the one before, so siblings are ordered as they were added.
    private func append(
        _ text: String, to conversation: Conversation, role: MessageRole = .user, parent: ParentChoice = .head,
        source: String? = nil
    ) async throws -> Message {
        try await Task.sleep(for: .milliseconds(3))
        return try await store.messages.append(
            NewMessage(
                conversationID: conversation.id, role: role, content: .text(text), parent: parent, source: source))
    }

    @Test func sourceFilterKeepsOnlyMessagesFromThatSource() async throws {
        let (conversation, own) = try await fixture.conversation(texts: ["deploy the server"])
        let relayed = try await append("server logs from aider", to: conversation, source: "aider")
        let imported = try await append("server notes", to: conversation, source: "chatgpt")
        #expect(Set(try await hits("server").keys) == [own[0].id, relayed.id, imported.id])
        let fromAider = try await hits("server", SearchFilter(source: "aider"))
        #expect(Set(fromAider.keys) == [relayed.id])
        #expect(fromAider[relayed.id]?.source == "aider")
        #expect(try await hits("server")[own[0].id]?.source == nil)
        let error = await parleyError {
            _ = try await store.search.messages("server", filter: SearchFilter(source: ""))
        }
        guard case let .invalidValue(field, _, rule) = error else {
            Issue.record("an empty source was accepted: \(String(describing: error))")
            return
        }
        #expect(field == "source")
        #expect(rule.contains("1 to 64 characters"))
    }

    @Test func archivedFilterKeepsOneSideOrBoth() async throws {
        let (kept, keptMessages) = try await fixture.conversation(texts: ["quarterly report draft"])
        let (old, oldMessages) = try await fixture.conversation(texts: ["last year's report"])
        _ = try await store.conversations.update(old.id, ConversationUpdate(archived: true))
        #expect(Set(try await hits("report", SearchFilter(archived: true)).keys) == [oldMessages[0].id])
        #expect(Set(try await hits("report", SearchFilter(archived: false)).keys) == [keptMessages[0].id])
        #expect(Set(try await hits("report").keys) == [keptMessages[0].id, oldMessages[0].id])
        let combined = SearchFilter(conversationID: kept.id, archived: true)
        #expect(try await hits("report", combined).isEmpty)
    }

    @Test func hitsOnTheCurrentBranchHaveNoBranch() async throws {
        let (_, messages) = try await fixture.conversation(texts: [
            "walrus question", "walrus answer", "walrus follow-up",
        ])
        let found = try await hits("walrus")
        #expect(Set(found.keys) == Set(messages.map(\.id)))
        for message in messages { #expect(found[message.id]?.branch == nil, "\(message.id) is on the branch") }
    }

    /// The question was edited twice and the middle version answered: the other two versions are branches 1 and
    /// 3 of 3 under the greeting they all answer, and a deleted version no longer counts.
    @Test func hitsOnAnEditedSiblingNameTheForkAndTheirPlace() async throws {
        let (conversation, _) = try await fixture.conversation()
        let intro = try await append("hello there", to: conversation)
        let first = try await append("tell me about otters", to: conversation, parent: .message(intro.id))
        let firstAnswer = try await append("otters are mustelids", to: conversation, role: .assistant)
        let second = try await append("tell me about otters, briefly", to: conversation, parent: .siblingOf(first.id))
        let third = try await append("otters please", to: conversation, parent: .siblingOf(first.id))
        let secondAnswer = try await append(
            "otters hold hands", to: conversation, role: .assistant, parent: .message(second.id))
        let found = try await hits("otters")
        #expect(found[secondAnswer.id]?.branch == nil)
        #expect(found[second.id]?.branch == nil)
        #expect(found[first.id]?.branch == HitBranch(forkMessageID: intro.id, index: 1, count: 3))
        #expect(
            found[firstAnswer.id]?.branch == HitBranch(forkMessageID: intro.id, index: 1, count: 3),
            "a reply deeper on a branch names the same fork and branch")
        #expect(found[third.id]?.branch == HitBranch(forkMessageID: intro.id, index: 3, count: 3))
        _ = try await store.messages.delete(third.id)
        #expect(try await hits("otters")[first.id]?.branch == HitBranch(forkMessageID: intro.id, index: 1, count: 2))
    }

    @Test func aHitUnderAnotherRootHasNoFork() async throws {
        let (conversation, _) = try await fixture.conversation()
        let firstRoot = try await append("badger setup", to: conversation)
        let reply = try await append("badger reply", to: conversation, role: .assistant)
        let secondRoot = try await append("badger again from scratch", to: conversation, parent: .root)
        let found = try await hits("badger")
        #expect(found[secondRoot.id]?.branch == nil)
        #expect(found[firstRoot.id]?.branch == HitBranch(forkMessageID: nil, index: 1, count: 2))
        #expect(found[reply.id]?.branch == HitBranch(forkMessageID: nil, index: 1, count: 2))
        let other = try await fixture.conversation(texts: ["badger elsewhere"]).1[0]
        #expect(try await hits("badger")[other.id]?.branch == nil, "each conversation has its own branch")
    }

    @Test func titleSearchFiltersArchivedAndMarksAsAsked() async throws {
        let (live, _) = try await fixture.conversation(title: "Penguin facts [draft]")
        let (old, _) = try await fixture.conversation(title: "Penguin trips")
        _ = try await store.conversations.update(old.id, ConversationUpdate(archived: true))
        let style = SnippetStyle(open: "\u{2}", close: "\u{3}")
        let unarchived = try await store.search.conversations("penguin", archived: false, style: style)
        #expect(unarchived.map(\.conversationID) == [live.id])
        #expect(unarchived.first?.highlighted == "\u{2}Penguin\u{3} facts [draft]")
        #expect(unarchived.first?.archived == false)
        let archived = try await store.search.conversations("penguin", archived: true)
        #expect(archived.map(\.conversationID) == [old.id])
        #expect(archived.first?.archived == true)
        #expect(try await store.search.conversations("penguin", limit: 1).count == 1)
        #expect(try await store.search.conversations("penguin").count == 2)
    }

    @Test(arguments: [
        SnippetStyle(open: String(repeating: "<", count: 17)), SnippetStyle(close: "]\n"),
    ])
    func marksThatAreTooLongOrHoldANewlineAreRefused(style: SnippetStyle) async throws {
        _ = try await fixture.conversation(title: "seal", texts: ["seal"])
        let field = style.open == "[" ? "mark_close" : "mark_open"
        for search in [
            { _ = try await store.search.messages("seal", style: style) },
            { _ = try await store.search.conversations("seal", style: style) },
        ] as [() async throws -> Void] {
            let error = await parleyError(search)
            guard case let .invalidValue(reported, _, rule) = error else {
                Issue.record("\(style) was accepted: \(String(describing: error))")
                continue
            }
            #expect(reported == field)
            #expect(rule.contains("at most 16 characters"))
        }
    }
}
