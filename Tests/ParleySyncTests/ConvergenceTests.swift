import Foundation
import GRDB
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// Three devices make thousands of random changes — including concurrent replies to one parent and concurrent
/// edits of one draft — and sync in random orders, with runs that crash between a segment and its head or in
/// the middle of an import. Once every device has imported every other, all hold the same history.
///
/// Once more through an S3 bucket (SeaweedFS) behind the fault-injecting proxy, whose connections are reset,
/// stalled or answered "busy" at random: a run that runs out of tries fails, and later runs complete it.
///
/// A failure names its seed; `PARLEY_SYNC_SEED=<seed> swift test --filter ConvergenceTests` replays it.
@Suite(.serialized) struct ConvergenceTests {
    @Test(arguments: ConvergenceTests.seeds)
    func threeDevicesConverge(seed: UInt64) async throws {
        var world = try World(seed: seed)
        try await world.play(operations: 1_500)
        try await world.settle()
        try await world.verify()
    }

    @Test(arguments: ConvergenceTests.seeds.prefix(1))
    func threeDevicesConvergeThroughS3WithTheNetworkFailingAtRandom(seed: UInt64) async throws {
        var world = try World(seed: seed, remote: ProxiedTarget(.s3))
        try await world.play(operations: 1_000)
        try await world.settle()
        try await world.verify()
    }

    static var seeds: [UInt64] {
        if let text = ProcessInfo.processInfo.environment["PARLEY_SYNC_SEED"], let seed = UInt64(text) {
            return [seed]
        }
        return [1, 20_261_125]
    }
}

/// The devices, the shared target, and everything the test remembers to check at the end.
private struct World {
    let seed: UInt64
    var random: SeededGenerator
    let clock = ManualClock()
    let target = TemporaryFolder(prefix: "parley-sync-target-")
    /// A network target the devices sync through instead of ``target``, with its proxy.
    let remote: ProxiedTarget?
    let devices: [SyncDevice]
    /// Every message appended anywhere.
    var appended = Set<EntityID>()
    /// Every save and delete of every draft, in the order they happened.
    var draftLog: [EntityID: [DraftSaveRecord]] = [:]
    var injectedFaults = 0
    var networkFaults = 0
    var operations = 0

    /// One save (or delete, with no text) of a draft: the version vector it was made on top of and the one
    /// it made.
    struct DraftSaveRecord {
        var device: Int
        var base: [String: Int]
        var after: [String: Int]
        var text: String?
    }

    init(seed: UInt64, remote: ProxiedTarget? = nil) throws {
        self.seed = seed
        self.remote = remote
        random = SeededGenerator(seed: seed)
        var options = SyncOptions()
        options.maximumSegmentRecords = 40
        let clock = clock
        let network = ProxiedTarget.network(idleTimeoutSeconds: 1, attempts: 3)
        devices = try (0..<3).map { _ in
            try SyncDevice(
                clock: clock, options: options, targetEnvironment: remote?.environment ?? [:], network: network)
        }
    }

    var comment: Comment { "seed \(seed) (replay with PARLEY_SYNC_SEED=\(seed))" }

    mutating func play(operations: Int) async throws {
        self.operations = operations
        for device in devices {
            _ = try await device.engine.configure(url: remote?.url ?? target.path, passphraseFile: nil)
        }
        for _ in 0..<operations {
            clock.advance(by: Int64.random(in: 0...3, using: &random))
            let index = Int.random(in: 0..<devices.count, using: &random)
            try await step(on: index)
        }
    }

    /// Every device syncs until a whole round imports nothing new.
    mutating func settle() async throws {
        for device in devices { await device.engine.injectFault(nil) }
        try remote?.proxy.pass()
        for _ in 0..<4 {
            for device in devices { _ = try await device.engine.run() }
        }
    }

    private mutating func step(on index: Int) async throws {
        let device = devices[index]
        let store = device.store
        let roll = Int.random(in: 0..<100, using: &random)
        let conversations = try await store.conversations.list(ConversationFilter(archived: nil), limit: 500).items
        guard let conversation = conversations.randomElement(using: &random), roll >= 6 else {
            _ = try await store.conversations.create(
                NewConversation(title: "conversation \(roll)", tags: roll.isMultiple(of: 2) ? ["work"] : []))
            return
        }
        switch roll {
        case 6..<40:
            try await appendMessage(to: conversation, on: store)
        case 40..<44:
            _ = try await store.conversations.update(
                conversation.id, ConversationUpdate(title: "renamed \(roll) \(index)"))
        case 44..<47:
            _ = try await store.conversations.update(
                conversation.id,
                ConversationUpdate(tags: [["work"], ["home", "work"], []].randomElement(using: &random)!))
        case 47..<50:
            _ = try await store.conversations.update(
                conversation.id, ConversationUpdate(pinned: Bool.random(using: &random)))
        case 50..<52:
            _ = try await store.conversations.update(
                conversation.id, ConversationUpdate(archived: Bool.random(using: &random)))
        case 52..<54:
            _ = try await store.conversations.delete(conversation.id)
            if Bool.random(using: &random) { _ = try await store.conversations.restore(conversation.id) }
        case 54..<57:
            let messages = try await store.messages.tree(conversationID: conversation.id)
            if let message = messages.randomElement(using: &random) { _ = try await store.messages.delete(message.id) }
        case 57..<72:
            try await editDraft(in: conversation, on: index)
        case 72..<75:
            _ = try await store.usage.record(
                NewUsage(
                    model: "deepseek-v4-flash", promptTokens: roll, completionTokens: 7, cost: "0.00000\(roll)",
                    conversationID: conversation.id))
        default:
            try await sync(index)
        }
    }

    private mutating func appendMessage(to conversation: Conversation, on store: ParleyStore) async throws {
        let messages = try await store.messages.tree(conversationID: conversation.id)
        // Often a reply to an older message rather than the head, so devices reply to one parent concurrently.
        let parent: ParentChoice =
            if let message = messages.randomElement(using: &random), Bool.random(using: &random) {
                .message(message.id)
            } else {
                .head
            }
        let text = "message \(appended.count) 你好 \(Int.random(in: 0..<1_000, using: &random))"
        let message = try await store.messages.append(
            NewMessage(
                conversationID: conversation.id, role: Bool.random(using: &random) ? .user : .assistant,
                content: .text(text), parent: parent))
        appended.insert(message.id)
    }

    private mutating func editDraft(in conversation: Conversation, on index: Int) async throws {
        let store = devices[index].store
        let drafts = try await store.drafts.list().filter { $0.conflictOf == nil }
        let text = "draft text \(Int.random(in: 0..<1_000_000, using: &random)) from device \(index)"
        guard let draft = drafts.randomElement(using: &random), Int.random(in: 0..<4, using: &random) > 0 else {
            let created = try await store.drafts.save(
                DraftSave(conversationID: conversation.id, kind: .composer, content: text))
            draftLog[created.id, default: []].append(
                DraftSaveRecord(device: index, base: [:], after: try versions(of: created.id, on: index), text: text))
            return
        }
        let base = try versions(of: draft.id, on: index)
        if Int.random(in: 0..<6, using: &random) == 0 {
            _ = try await store.drafts.delete(draft.id, revision: draft.revision)
            draftLog[draft.id, default: []].append(
                DraftSaveRecord(device: index, base: base, after: try versions(of: draft.id, on: index), text: nil))
            return
        }
        do {
            _ = try await store.drafts.save(
                DraftSave(
                    id: draft.id, conversationID: draft.conversationID, kind: draft.kind, content: text,
                    revision: draft.revision))
        } catch {
            guard case .notFound = error else { throw error }
            return  // its conversation was deleted on this device
        }
        draftLog[draft.id, default: []].append(
            DraftSaveRecord(device: index, base: base, after: try versions(of: draft.id, on: index), text: text))
    }

    private func versions(of draft: EntityID, on index: Int) throws -> [String: Int] {
        let text = try devices[index].store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT versions FROM draft WHERE id = ?", arguments: [draft.rawValue])
        }
        return try JSONDecoder().decode([String: Int].self, from: Data((text ?? "{}").utf8))
    }

    /// A sync run of one device; now and then it crashes at a random point and a later run completes it.
    private mutating func sync(_ index: Int) async throws {
        let engine = devices[index].engine
        if let remote, Int.random(in: 0..<3, using: &random) == 0 {
            try injectNetworkFault(remote.proxy)
            // The run may succeed on a retry, or run out of tries; either way a later run completes it.
            _ = try? await engine.run()
            return
        }
        guard Int.random(in: 0..<5, using: &random) == 0 else {
            _ = try await engine.run()
            return
        }
        let point = [SyncFaultPoint.afterSegmentWritten, .beforeHeadWritten, .beforeImportCommit].randomElement(
            using: &random)!
        await engine.injectFault { reached throws(ParleyError) in
            if reached == point { throw .sync(path: nil, reason: "injected crash at \(point)") }
        }
        _ = try? await engine.run()
        injectedFaults += 1
        await engine.injectFault(nil)
    }

    /// One fault for the next connection or request through the proxy: a reset after some bytes either way,
    /// a stall past the idle timeout, or a busy answer; the open connections are dropped, as an outage would,
    /// so the devices' kept connections meet it too.
    private mutating func injectNetworkFault(_ proxy: FaultProxy) throws {
        networkFaults += 1
        defer { try? proxy.dropConnections() }
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<3: try proxy.resetAfter(bytes: Int.random(in: 0..<4_000, using: &random))
        case 3..<5: try proxy.resetUploadAfter(bytes: Int.random(in: 0..<4_000, using: &random))
        case 5: try proxy.stall(seconds: 3, afterBytes: Int.random(in: 0..<2_000, using: &random))
        default:
            try proxy.injectStatus(
                [503, 429, 500, 502].randomElement(using: &random)!, retryAfter: 0,
                count: Int.random(in: 1...4, using: &random))
        }
    }

    func verify() async throws {
        let hashes = try await devices.asyncMap { try await $0.store.sync.contentHash() }
        #expect(Set(hashes).count == 1, comment)
        let dumps = try devices.map { try $0.dump() }
        for (index, dump) in dumps.enumerated().dropFirst() {
            #expect(dump == dumps[0], "device \(index) differs from device 0; \(comment)")
        }
        for device in devices {
            #expect(try device.count("SELECT count(*) FROM message") == appended.count, comment)
            let ids = try await device.store.pool.read { db in try String.fetchSet(db, sql: "SELECT id FROM message") }
            #expect(Set(appended.map(\.rawValue)) == ids, comment)
            // The index is sound and holds as many entries as there are live messages of live conversations.
            try await device.store.pool.write { db in
                try db.execute(sql: "INSERT INTO message_search (message_search) VALUES ('integrity-check')")
            }
            #expect(
                try device.count("SELECT count(*) FROM message_search_docsize")
                    == device.count(
                        """
                        SELECT count(*) FROM message WHERE deleted = 0
                        AND conversation_id NOT IN (SELECT id FROM conversation WHERE deleted = 1)
                        """), comment)
        }
        try verifyDraftTexts()
        #expect(injectedFaults > 0, comment)
        #expect(appended.count > operations / 5, comment)
        if let remote {
            #expect(networkFaults > 20, comment)
            #expect(try remote.proxy.stats().faults > 20, comment)
        }
    }

    /// Every text saved to a draft is still there — the draft's current text or a conflict copy of it — unless
    /// a later save or delete was made on a device that had seen it: that one replaced it on purpose.
    private func verifyDraftTexts() throws {
        let rows = try devices[0].store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, content, conflict_of, deleted FROM draft")
        }
        var texts: [String: Set<String>] = [:]
        for row in rows where !(row["deleted"] as Bool) {
            let id: String = row["id"]
            texts[(row["conflict_of"] as String?) ?? id, default: []].insert(row["content"])
        }
        var checked = 0
        for (draft, log) in draftLog {
            for (position, save) in log.enumerated() {
                guard let text = save.text else { continue }
                let device = devices[save.device].store.deviceID.rawValue
                let seen = log[(position + 1)...].contains { later in
                    (later.base[device] ?? 0) >= (save.after[device] ?? 0)
                }
                guard !seen else { continue }
                checked += 1
                #expect(texts[draft.rawValue]?.contains(text) == true, "draft \(draft) lost \"\(text)\"; \(comment)")
            }
        }
        #expect(checked > 0, comment)
        #expect(rows.contains { $0["conflict_of"] as String? != nil }, "no concurrent draft edits happened; \(comment)")
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
