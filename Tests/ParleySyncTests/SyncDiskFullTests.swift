import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// Sync into a full disk, both ways: the run fails with ``ParleyError/diskFull`` naming the folder, nothing
/// half-written is visible to the other device, the database is untouched, and the next run after space is
/// freed completes without duplicates.
@Suite struct SyncDiskFullTests {
    static let paragraph = String(repeating: "sync must survive a full disk ", count: 100)

    static func write(_ count: Int, on device: SyncDevice, title: String) async throws {
        let conversation = try await device.store.conversations.create(NewConversation(title: title))
        for index in 0..<count {
            _ = try await device.store.messages.append(
                NewMessage(conversationID: conversation.id, role: .user, content: .text("\(index) \(paragraph)")))
        }
    }

    static func diskFullFolder(_ run: () async throws -> SyncReport) async -> String? {
        do {
            let report = try await run()
            Issue.record("sync into a full disk reported success: \(report)")
            return nil
        } catch let error as ParleyError {
            guard case let .diskFull(folder, reason) = error else {
                Issue.record("sync into a full disk failed with \(error)")
                return nil
            }
            #expect(reason.contains("the disk is full"))
            return folder
        } catch {
            Issue.record("not a ParleyError: \(error)")
            return nil
        }
    }

    @Test func anExportToAFullTargetPublishesNothingHalfWrittenAndCompletesOnceThereIsRoom() async throws {
        let folder = TemporaryFolder()
        let disk = try SmallDisk(at: folder.file("target"), megabytes: 2)
        let first = try SyncDevice()
        let second = try SyncDevice()
        _ = try await first.engine.configure(url: disk.path, passphraseFile: nil)
        _ = try await second.engine.configure(url: disk.path, passphraseFile: nil)
        try await Self.write(5, on: first, title: "before")
        _ = try await first.engine.run()
        let devices = disk.path + "/parley/devices/" + first.store.deviceID.rawValue
        let publishedBefore = try FileManager.default.contentsOfDirectory(atPath: devices).sorted()

        try await Self.write(400, on: first, title: "while full")
        try disk.fill()
        #expect(await Self.diskFullFolder { try await first.engine.run() } == disk.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: devices).sorted() == publishedBefore)
        // The other device reads what was published before; its own head cannot be written either.
        #expect(await Self.diskFullFolder { try await second.engine.run() } == disk.path)
        #expect(try await second.engine.status().skipped.isEmpty, "nothing half-written was seen as damaged")
        #expect(try second.count("SELECT count(*) FROM message") == 5)

        disk.free()
        _ = try await first.engine.run()
        let caughtUp = try await second.engine.run()
        #expect(caughtUp.skipped.isEmpty)
        #expect(try second.count("SELECT count(*) FROM message") == 405)
        #expect(try second.count("SELECT count(DISTINCT id) FROM message") == 405)
        _ = try await first.engine.run()
        #expect(try await first.store.sync.contentHash() == second.store.sync.contentHash())
        withExtendedLifetime(disk) {}
    }

    @Test func anImportIntoAFullDatabaseDiskChangesNothingAndCompletesOnceThereIsRoom() async throws {
        let folder = TemporaryFolder()
        let target = TemporaryFolder(prefix: "parley-sync-target-")
        let disk = try SmallDisk(at: folder.file("database"), megabytes: 16)
        let first = try SyncDevice()
        let second = try SyncDevice(databaseFolder: disk.path)
        _ = try await first.engine.configure(url: target.path, passphraseFile: nil)
        _ = try await second.engine.configure(url: target.path, passphraseFile: nil)
        try await Self.write(600, on: first, title: "to import")
        _ = try await first.engine.run()
        let hashBefore = try await second.store.sync.contentHash()

        try disk.fill()
        #expect(await Self.diskFullFolder { try await second.engine.run() } == disk.path)
        #expect(try second.count("SELECT count(*) FROM message") == 0)
        #expect(try await second.store.report().integrity == "ok")

        disk.free()
        #expect(try await second.store.sync.contentHash() == hashBefore)
        let report = try await second.engine.run()
        #expect(report.skipped.isEmpty)
        #expect(try second.count("SELECT count(*) FROM message") == 600)
        _ = try await first.engine.run()
        #expect(try await first.store.sync.contentHash() == second.store.sync.contentHash())
        #expect(try await second.store.report().integrity == "ok")
        withExtendedLifetime(disk) {}
    }
}
