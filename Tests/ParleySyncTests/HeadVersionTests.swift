import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// Heads are versioned files, each written once, so a target that cannot replace a file atomically never
/// shows a reader half a head or none where history was: a crash or a read between any two steps of
/// publishing finds the new head, an older one, or none, and no head (or a stale one) only means no news.
@Suite struct HeadVersionTests {
    @Test func eachRunPublishesANewVersionAndRemovesTheOlderOnes() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        let first = try pair.heads(of: pair.first)
        #expect(first.count == 1)
        #expect(first.first?.hasPrefix("head-") == true)
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        let second = try pair.heads(of: pair.first)
        #expect(second.count == 1)
        #expect(second != first, "a new version, not the old file rewritten")
        _ = try await pair.second.engine.run()
        #expect(try pair.second.count("SELECT count(*) FROM message") == 4)
    }

    @Test func aCrashAfterTheNewHeadLeavesTwoAndReadersTakeTheNewest() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        try await SyncPair.write(3, on: pair.first)
        await pair.first.crashingRun(at: .afterHeadWritten)
        #expect(try pair.heads(of: pair.first).count == 2)

        let report = try await pair.second.engine.run()
        #expect(report.skipped.isEmpty)
        #expect(try pair.second.count("SELECT count(*) FROM message") == 5)
        let latest = try await pair.first.store.changeLog.lastSequence()
        let peer = try await pair.second.engine.status().peers.first
        #expect(peer?.headSequence == latest, "the newest of the two heads was read")

        _ = try await pair.first.engine.run()
        #expect(try pair.heads(of: pair.first).count == 1)
    }

    @Test func aStaleHeadBehindWhatWasImportedIsNoNews() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        try await SyncPair.write(3, on: pair.first)
        await pair.first.crashingRun(at: .beforeHeadWritten)
        // The segments are there, the head still names the first of them.
        _ = try await pair.second.engine.run()
        #expect(try pair.second.count("SELECT count(*) FROM message") == 5)
        let again = try await pair.second.engine.run()
        #expect(again.skipped.isEmpty, "\(again.skipped)")
        #expect(try pair.second.count("SELECT count(*) FROM message") == 5)
    }

    @Test func aDeviceFolderEmptiedOfWhatWasImportedIsRefused() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        let before = try pair.second.dump()
        for name in try FileManager.default.contentsOfDirectory(atPath: pair.folder(of: pair.first)) {
            try FileManager.default.removeItem(atPath: pair.folder(of: pair.first) + "/" + name)
        }
        let report = try await pair.second.engine.run()
        #expect(report.skipped.count == 1)
        #expect(report.skipped.first?.reason.contains("emptied or restored from an older copy") == true)
        #expect(try pair.second.dump() == before)
    }

    @Test func aTargetWrittenBeforeVersionedHeadsIsReadAndMovedOn() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        // The layout Parley wrote before: one head.json, rewritten in place.
        let folder = pair.folder(of: pair.first)
        let versioned = try #require(try pair.heads(of: pair.first).first)
        let relative = "parley/devices/\(pair.first.store.deviceID)/"
        let head = try SegmentEnvelope.open(
            Data(contentsOf: URL(fileURLWithPath: folder + "/" + versioned)), key: nil,
            associatedPath: relative + versioned, maximumPlaintextBytes: 1 << 20)
        try SegmentEnvelope.seal(head, key: nil, associatedPath: relative + "head.json").write(
            to: URL(fileURLWithPath: folder + "/head.json"))
        try FileManager.default.removeItem(atPath: folder + "/" + versioned)

        _ = try await pair.second.engine.run()
        #expect(try pair.second.count("SELECT count(*) FROM message") == 2)
        #expect(try await pair.second.engine.status().peers.first?.headSequence != nil, "head.json was read")
        _ = try await pair.first.engine.run()
        let heads = try pair.heads(of: pair.first)
        #expect(heads.count == 1)
        #expect(heads.first?.hasPrefix("head-") == true, "head.json gave way to a versioned head")
    }
}
