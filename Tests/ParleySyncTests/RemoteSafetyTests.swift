import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@testable import ParleyStore
@testable import ParleySync

/// The safety rules of "Sync" again over each kind of remote target (WsgiDAV, Apache mod_dav, S3, SFTP): a
/// target replaced by another or emptied is refused and never recreated, and a damaged file is skipped with
/// everything after it, then imported once it is whole again.
@Suite struct RemoteSafetyTests {
    static var options: SyncOptions {
        var options = SyncOptions()
        options.maximumSegmentRecords = 3
        return options
    }

    @Test(arguments: ProxiedTarget.Kind.allCases)
    func aReplacedTargetIsRefusedAndNothingChanges(kind: ProxiedTarget.Kind) async throws {
        let target = try ProxiedTarget(kind)
        let device = try target.device()
        try await target.join(device)
        try await SyncPair.write(3, on: device)
        _ = try await device.engine.run()
        let before = try device.dump()
        let (other, _) = try TargetDescriptor.create(encryptedWith: nil)
        try await target.directory().write(other.encoded(), to: SyncLayout.descriptor(), replacing: true)
        let refusal = await ParleyErrorCapture.async { _ = try await device.engine.run() }
        #expect(refusal?.reason.contains("replaced by another target") == true, "\(String(describing: refusal))")
        #expect(try device.dump() == before)
    }

    @Test(arguments: ProxiedTarget.Kind.allCases)
    func anEmptiedTargetIsRefusedNotReadAsDeletionAndNotRecreated(kind: ProxiedTarget.Kind) async throws {
        let target = try ProxiedTarget(kind)
        let first = try target.device()
        let second = try target.device()
        try await target.join(first)
        try await target.join(second)
        try await SyncPair.write(3, on: first)
        _ = try await first.engine.run()
        _ = try await second.engine.run()
        let before = try second.dump()
        #expect(try second.count("SELECT count(*) FROM message") == 3)
        try await wipe(target, SyncLayout.root())
        let refusal = await ParleyErrorCapture.async { _ = try await second.engine.run() }
        #expect(refusal?.reason.contains("vanished, is not mounted, or was emptied") == true)
        #expect(try second.dump() == before)
        let again = await ParleyErrorCapture.async { try await target.join(second) }
        #expect(again?.reason.contains("Nothing was created") == true, "\(String(describing: again))")
        #expect(try await target.directory().read(SyncLayout.descriptor(), maximumBytes: 1 << 16) == nil)
    }

    @Test(arguments: ProxiedTarget.Kind.allCases)
    func aDamagedSegmentIsSkippedWithEverythingAfterItAndRetried(kind: ProxiedTarget.Kind) async throws {
        let target = try ProxiedTarget(kind)
        let first = try target.device(options: Self.options)
        let second = try target.device(options: Self.options)
        try await target.join(first)
        try await target.join(second)
        try await SyncPair.write(8, on: first)
        _ = try await first.engine.run()
        let raw = try target.directory()
        let folder = try SyncLayout.device(first.store.deviceID)
        let segments = try #require(try await raw.list(folder)).map(\.name).filter { $0.hasSuffix(".seg") }.sorted()
        #expect(segments.count >= 3)
        let damaged = try folder.appending(segments[1])
        let original = try #require(try await raw.read(damaged, maximumBytes: 1 << 20))
        try await raw.write(original.prefix(original.count / 2), to: damaged, replacing: true)

        let report = try await second.engine.run()
        #expect(report.skipped.map(\.path) == [damaged.description], "\(report.skipped)")
        #expect(report.skipped.first?.reason.contains("truncated or corrupt") == true, "\(report.skipped)")
        #expect(report.importedSegments == 1)
        let firstOnly = try second.count("SELECT count(*) FROM message")
        #expect(firstOnly < 8)

        try await raw.write(original, to: damaged, replacing: true)
        let repaired = try await second.engine.run()
        #expect(repaired.skipped.isEmpty, "\(repaired.skipped)")
        #expect(try second.count("SELECT count(*) FROM message") == 8)
        #expect(try await second.store.sync.contentHash() == first.store.sync.contentHash())
    }

    /// Removes `folder` and everything in it, behind the devices' backs: on the server's disk where it has one,
    /// else object by object (S3, with the folders' marker objects).
    private func wipe(_ target: ProxiedTarget, _ folder: RemotePath) async throws {
        if let serverFolder = target.serverFolder {
            try FileManager.default.removeItem(atPath: serverFolder + "/" + folder.description)
            return
        }
        let s3 = try #require(try target.directory() as? S3Directory)
        for entry in try await s3.list(folder) ?? [] {
            let path = try folder.appending(entry.name)
            if entry.kind == .folder {
                try await wipe(target, path)
            } else {
                try await s3.remove(path)
            }
        }
        _ = try await s3.send("DELETE", key: s3.place.key(of: folder) + "/", about: folder)
    }
}
