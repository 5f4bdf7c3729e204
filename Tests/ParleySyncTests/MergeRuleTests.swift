import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// The merge rules one by one, between two devices sharing a target.
@Suite struct MergeRuleTests {
    @Test func concurrentRepliesToOneParentBecomeSiblingBranches() async throws {
        let pair = try await SyncPair()
        let conversation = try await SyncPair.write(1, on: pair.first)
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        let parent = try await pair.first.store.messages.path(conversationID: conversation.id).last!
        let mine = try await pair.first.store.messages.append(
            NewMessage(conversationID: conversation.id, role: .assistant, content: .text("mine")))
        let theirs = try await pair.second.store.messages.append(
            NewMessage(conversationID: conversation.id, role: .assistant, content: .text("theirs")))
        for device in [pair.first, pair.second, pair.first] { _ = try await device.engine.run() }
        let newer = mine.hlc > theirs.hlc ? mine : theirs
        for device in [pair.first, pair.second] {
            let tree = try await device.store.messages.tree(conversationID: conversation.id)
            #expect(Set(tree.filter { $0.parentID == parent.id }.map(\.id)) == [mine.id, theirs.id])
            // The head is the newer of the two moves, the same on both.
            #expect(try await device.store.conversations.get(conversation.id).headMessageID == newer.id)
        }
    }

    @Test func conversationFieldsMergeOneByOneByTheNewestStamp() async throws {
        let pair = try await SyncPair()
        let conversation = try await SyncPair.write(0, on: pair.first, title: "first title")
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        _ = try await pair.first.store.conversations.update(conversation.id, ConversationUpdate(title: "renamed here"))
        _ = try await pair.second.store.conversations.update(
            conversation.id, ConversationUpdate(tags: ["rust"], pinned: true))
        _ = try await pair.second.store.conversations.update(
            conversation.id, ConversationUpdate(title: "renamed later"))
        for device in [pair.first, pair.second, pair.first] { _ = try await device.engine.run() }
        for device in [pair.first, pair.second] {
            let merged = try await device.store.conversations.get(conversation.id)
            #expect(merged.title == "renamed later")
            #expect(merged.tags == ["rust"])
            #expect(merged.pinned)
        }
        #expect(try await pair.first.store.sync.contentHash() == pair.second.store.sync.contentHash())
    }

    @Test func deletionsAreTombstonesThatSyncAndLeaveSearch() async throws {
        let pair = try await SyncPair()
        let conversation = try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        let doomed = try await pair.first.store.messages.path(conversationID: conversation.id).last!
        _ = try await pair.first.store.messages.delete(doomed.id)
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        #expect(try await pair.second.store.messages.get(doomed.id, includeDeleted: true).deleted)
        #expect(
            try await pair.second.store.search.messages("message", filter: SearchFilter(), limit: 10).items.count == 1)
        _ = try await pair.second.store.conversations.delete(conversation.id)
        _ = try await pair.second.engine.run()
        _ = try await pair.first.engine.run()
        #expect(try await pair.first.store.conversations.get(conversation.id, includeDeleted: true).deleted)
        #expect(try await pair.first.store.search.messages("message", filter: SearchFilter(), limit: 10).items.isEmpty)
    }

    @Test func aConcurrentDraftEditKeepsTheLoserAsAConflictCopyOnBothDevices() async throws {
        let pair = try await SyncPair()
        let conversation = try await SyncPair.write(1, on: pair.first)
        let draft = try await pair.first.store.drafts.save(
            DraftSave(conversationID: conversation.id, kind: .composer, content: "start"))
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        _ = try await pair.first.store.drafts.save(
            DraftSave(id: draft.id, conversationID: conversation.id, kind: .composer, content: "first's", revision: 1))
        _ = try await pair.second.store.drafts.save(
            DraftSave(id: draft.id, conversationID: conversation.id, kind: .composer, content: "second's", revision: 1))
        let report = try await pair.first.engine.run()
        #expect(report.conflicts == 0)
        #expect(try await pair.second.engine.run().conflicts == 1)
        _ = try await pair.first.engine.run()
        for device in [pair.first, pair.second] {
            let drafts = try await device.store.drafts.list(conversationID: conversation.id)
            let current = try #require(drafts.first { $0.id == draft.id })
            let copy = try #require(drafts.first { $0.conflictOf == draft.id })
            #expect(current.content == "second's")
            #expect(copy.content == "first's")
            #expect(current.revision == 3)
        }
        #expect(try await pair.first.store.sync.contentHash() == pair.second.store.sync.contentHash())
        // A later save on either side made with the merged revision is an ordinary edit, not a conflict.
        _ = try await pair.first.store.drafts.save(
            DraftSave(id: draft.id, conversationID: conversation.id, kind: .composer, content: "agreed", revision: 3))
        _ = try await pair.first.engine.run()
        #expect(try await pair.second.engine.run().conflicts == 0)
        #expect(try await pair.second.store.drafts.get(draft.id).content == "agreed")
    }

    @Test func aMessageWhoseParentHasNotArrivedIsKeptAndAttachedLater() async throws {
        let target = TemporaryFolder(prefix: "parley-sync-target-")
        let devices = try (0..<3).map { _ in try SyncDevice() }
        for device in devices { _ = try await device.engine.configure(url: target.path, passphraseFile: nil) }
        let conversation = try await SyncPair.write(1, on: devices[0])
        _ = try await devices[0].engine.run()
        _ = try await devices[1].engine.run()
        let reply = try await devices[1].store.messages.append(
            NewMessage(conversationID: conversation.id, role: .assistant, content: .text("the reply")))
        _ = try await devices[1].engine.run()
        // The third device sees the second device's folder before the first's.
        let first = target.path + "/parley/devices/" + devices[0].store.deviceID.rawValue
        try FileManager.default.moveItem(atPath: first, toPath: target.path + "/hidden")
        _ = try await devices[2].engine.run()
        #expect(try await devices[2].store.messages.get(reply.id).parentID == reply.parentID)
        try FileManager.default.moveItem(atPath: target.path + "/hidden", toPath: first)
        _ = try await devices[2].engine.run()
        let branch = try await devices[2].store.messages.path(conversationID: conversation.id, to: reply.id)
        #expect(branch.map(\.content) == [.text("message 0 同步"), .text("the reply")])
    }

    @Test func theContentHashChangesWithContentAndNotWithOrder() async throws {
        let pair = try await SyncPair()
        let empty = try await pair.first.store.sync.contentHash()
        #expect(empty == (try await pair.second.store.sync.contentHash()))
        let conversation = try await SyncPair.write(1, on: pair.first)
        let one = try await pair.first.store.sync.contentHash()
        #expect(one != empty)
        _ = try await pair.first.store.conversations.update(conversation.id, ConversationUpdate(archived: true))
        #expect(try await pair.first.store.sync.contentHash() != one)
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        #expect(try await pair.first.store.sync.contentHash() == pair.second.store.sync.contentHash())
    }

    @Test func anEncryptedTargetRefusesAWrongPassphraseBeforeReadingAnything() async throws {
        let target = TemporaryFolder(prefix: "parley-sync-target-")
        let secrets = TemporaryFolder(prefix: "parley-secrets-")
        try PassphraseFile.write(Data("correct horse battery".utf8), to: secrets.file("right"))
        try PassphraseFile.write(Data("correct horse battery".utf8), to: secrets.file("second"))
        try PassphraseFile.write(Data("wrong passphrase".utf8), to: secrets.file("wrong"))
        let first = try SyncDevice()
        let second = try SyncDevice()
        _ = try await first.engine.configure(url: target.path, passphraseFile: secrets.file("right"))
        try await SyncPair.write(2, on: first)
        _ = try await first.engine.run()
        let segment = try FileManager.default.subpathsOfDirectory(atPath: target.path).first { $0.hasSuffix(".seg") }!
        let sealed = try Data(contentsOf: URL(fileURLWithPath: target.path + "/" + segment))
        #expect(sealed.range(of: Data("message 0".utf8)) == nil)
        await #expect(throws: ParleyError.self) {
            _ = try await second.engine.configure(url: target.path, passphraseFile: secrets.file("wrong"))
        }
        #expect(try second.store.sync.target() == nil)
        _ = try await second.engine.configure(url: target.path, passphraseFile: secrets.file("second"))
        _ = try await second.engine.run()
        #expect(try second.count("SELECT count(*) FROM message") == 2)
        // The passphrase changes under a configured device: the run stops before anything is merged.
        try PassphraseFile.write(Data("wrong passphrase".utf8), to: secrets.file("second"))
        try await SyncPair.write(1, on: first)
        #expect(try await first.engine.run().exportedSegments == 1)
        let before = try second.dump()
        let refusal = await second.failingRun()
        #expect(refusal?.reason.contains("passphrase is wrong") == true)
        #expect(try second.dump() == before)
    }
}
