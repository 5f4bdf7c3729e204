import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// The safety rules of DESIGN.md, one test each: a target that changed or vanished is refused, a bad file is
/// skipped with the rest of its device and the database is left as it was, a crash at any point is completed
/// by the next run without duplicates, far-future stamps are refused, and nothing outside the target is read.
@Suite struct SyncSafetyTests {
    @Test func aTargetWhoseIDChangedIsRefusedAndNothingChanges() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(3, on: pair.first)
        _ = try await pair.first.engine.run()
        let before = try pair.first.dump()
        let (other, _) = try TargetDescriptor.create(encryptedWith: nil)
        try other.encoded().write(to: URL(fileURLWithPath: pair.target.path + "/parley/target.json"))
        let refusal = await pair.first.failingRun()
        #expect(refusal?.path == "parley/target.json")
        #expect(refusal?.reason.contains("replaced by another target") == true)
        #expect(try pair.first.dump() == before)
        #expect(try pair.first.store.sync.target()?.lastError?.contains("replaced by another target") == true)
    }

    @Test func aVanishedTargetIsRefusedNotReadAsDeletionAndNotRecreated() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(3, on: pair.first)
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        let before = try pair.second.dump()
        try FileManager.default.removeItem(atPath: pair.target.path + "/parley")
        let refusal = await pair.second.failingRun()
        #expect(refusal?.reason.contains("vanished, is not mounted, or was emptied") == true)
        #expect(try pair.second.dump() == before)
        await #expect(throws: ParleyError.self) {
            _ = try await pair.second.engine.configure(url: pair.target.path, passphraseFile: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: pair.target.path + "/parley/target.json"))
    }

    @Test func aDeviceFolderEmptiedBehindItsBackIsRefused() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(3, on: pair.first)
        _ = try await pair.first.engine.run()
        for segment in try pair.segments(of: pair.first) { try FileManager.default.removeItem(atPath: segment) }
        let refusal = await pair.first.failingRun()
        #expect(refusal?.reason.contains("has lost this device's segments") == true)
        #expect(try pair.segments(of: pair.first).isEmpty)
    }

    @Test(arguments: SegmentDamage.allCases)
    func aDamagedSegmentIsSkippedWithEverythingAfterItAndRetried(damage: SegmentDamage) async throws {
        var options = SyncOptions()
        options.maximumSegmentRecords = 3
        let pair = try await SyncPair(options: options)
        try await SyncPair.write(8, on: pair.first)
        _ = try await pair.first.engine.run()
        let segments = try pair.segments(of: pair.first)
        #expect(segments.count >= 3)
        let original = try Data(contentsOf: URL(fileURLWithPath: segments[1]))
        try damage.apply(to: segments[1], original: original, pair: pair)

        let report = try await pair.second.engine.run()
        let relative = String(segments[1].dropFirst(pair.target.path.count + 1))
        #expect(report.skipped.map(\.path) == [relative])
        #expect(report.skipped.first?.reason.contains(damage.expectedReason) == true, "\(report.skipped)")
        #expect(report.importedSegments == 1)
        let firstOnly = try pair.second.count("SELECT count(*) FROM message")
        #expect(firstOnly < 8)
        #expect(try pair.second.store.sync.peers().first?.lastError != nil)

        let again = try await pair.second.engine.run()
        #expect(again.importedSegments == 0)
        #expect(try pair.second.count("SELECT count(*) FROM message") == firstOnly)

        try original.write(to: URL(fileURLWithPath: segments[1]))
        let repaired = try await pair.second.engine.run()
        #expect(repaired.skipped.isEmpty)
        #expect(try pair.second.count("SELECT count(*) FROM message") == 8)
        #expect(try await pair.second.store.sync.contentHash() == pair.first.store.sync.contentHash())
    }

    enum SegmentDamage: String, CaseIterable, Sendable {
        case truncated, flippedByte, foreign, emptied

        var expectedReason: String {
            switch self {
            case .truncated, .flippedByte: "truncated or corrupt"
            case .foreign: "copied in from elsewhere"
            case .emptied: "truncated"
            }
        }

        func apply(to path: String, original: Data, pair: SyncPair) throws {
            let url = URL(fileURLWithPath: path)
            switch self {
            case .truncated:
                try original.prefix(original.count / 2).write(to: url)
            case .flippedByte:
                var bytes = original
                bytes[bytes.count / 2] ^= 0x40
                try bytes.write(to: url)
            case .emptied:
                try Data().write(to: url)
            case .foreign:
                // The same changes, sealed for another target: a file copied between targets.
                let relative = String(path.dropFirst(pair.target.path.count + 1))
                let plaintext = try SegmentEnvelope.open(
                    original, key: nil, associatedPath: relative, maximumPlaintextBytes: 1 << 24)
                var document = try JSONSerialization.jsonObject(with: plaintext) as! [String: Any]
                document["target_id"] = EntityID.generate().rawValue
                let foreign = try JSONSerialization.data(withJSONObject: document)
                try SegmentEnvelope.seal(foreign, key: nil, associatedPath: relative).write(to: url)
            }
        }
    }

    @Test func aCrashAfterTheSegmentIsCompletedWithoutADuplicate() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(4, on: pair.first)
        await pair.first.crashingRun(at: .afterSegmentWritten)
        #expect(try pair.segments(of: pair.first).count == 1)
        #expect(try pair.first.store.sync.target()?.exported.sequence == 0)

        let report = try await pair.first.engine.run()
        #expect(report.exportedSegments == 0)
        #expect(try pair.segments(of: pair.first).count == 1)
        let latest = try await pair.first.store.changeLog.lastSequence()
        #expect(try pair.first.store.sync.target()?.exported.sequence == latest)
        _ = try await pair.second.engine.run()
        #expect(try pair.second.count("SELECT count(*) FROM message") == 4)
    }

    @Test func aCrashBeforeTheHeadIsCompletedByTheNextRun() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(4, on: pair.first)
        await pair.first.crashingRun(at: .beforeHeadWritten)
        #expect(try pair.heads(of: pair.first) == [])
        // A reader without the head still finds the segment.
        _ = try await pair.second.engine.run()
        #expect(try pair.second.count("SELECT count(*) FROM message") == 4)

        let report = try await pair.first.engine.run()
        #expect(report.exportedSegments == 0)
        #expect(try pair.heads(of: pair.first).count == 1)
        #expect(try pair.segments(of: pair.first).count == 1)
    }

    @Test func aCrashInsideTheImportTransactionLeavesNothingAndTheNextRunImportsOnce() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(4, on: pair.first)
        _ = try await pair.first.engine.run()
        let empty = try pair.second.dump()
        await pair.second.engine.injectFault { point throws(ParleyError) in
            if point == .beforeImportCommit { throw .sync(path: nil, reason: "crash") }
        }
        let crashed = try await pair.second.engine.run()
        await pair.second.engine.injectFault(nil)
        #expect(crashed.importedSegments == 0)
        #expect(crashed.skipped.map(\.reason) == ["crash"])
        #expect(try pair.second.dump() == empty)
        #expect(try pair.second.store.sync.peers().allSatisfy { $0.cursor == .start })

        let report = try await pair.second.engine.run()
        #expect(report.importedSegments == 1)
        #expect(try pair.second.count("SELECT count(*) FROM message") == 4)
        #expect(try await pair.second.engine.run().importedSegments == 0)
        #expect(try pair.second.count("SELECT count(*) FROM message") == 4)
    }

    @Test func aChangeStampedTooFarInTheFutureIsRefused() async throws {
        let fast = ManualClock()
        let slow = ManualClock()
        fast.advance(by: 2 * 86_400_000)
        let pair = try await SyncPair(firstClock: fast, secondClock: slow)
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        let report = try await pair.second.engine.run()
        #expect(report.skipped.count == 1)
        #expect(report.skipped.first?.reason.contains("ahead of this machine's clock") == true)
        #expect(try pair.second.count("SELECT count(*) FROM conversation") == 0)

        slow.advance(by: 2 * 86_400_000)
        #expect(try await pair.second.engine.run().skipped.isEmpty)
        #expect(try pair.second.count("SELECT count(*) FROM message") == 2)
    }

    @Test func linksAndStrangeNamesInTheTargetAreNeverFollowed() async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        let outside = TemporaryFolder(prefix: "parley-outside-")
        let devices = pair.target.path + "/parley/devices/"
        // A device folder that is a link to a folder outside the target, and a folder whose name is no id.
        let linkedDevice = EntityID.generate().rawValue
        try FileManager.default.createDirectory(atPath: outside.path + "/x", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: devices + linkedDevice, withDestinationPath: outside.path)
        try FileManager.default.createDirectory(atPath: devices + "not-a-device", withIntermediateDirectories: true)
        // A segment of the real device that is a link to a file outside.
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside.path + "/secret"))
        let linkedSegment = pair.folder(of: pair.first) + "/" + String(format: "%016d-%016d.seg", 900, 901)
        try FileManager.default.createSymbolicLink(atPath: linkedSegment, withDestinationPath: outside.path + "/secret")

        let report = try await pair.second.engine.run()
        #expect(Set(report.skipped.map(\.path)) == ["parley/devices/" + linkedDevice, "parley/devices/not-a-device"])
        #expect(try pair.second.count("SELECT count(*) FROM message") == 2)
        #expect(try pair.second.store.sync.peers().map(\.deviceID) == [pair.first.store.deviceID])
    }

    @Test(arguments: HostileSegment.allCases)
    func hostileSegmentsAreReportedAndChangeNothing(hostile: HostileSegment) async throws {
        let pair = try await SyncPair()
        try await SyncPair.write(2, on: pair.first)
        _ = try await pair.first.engine.run()
        _ = try await pair.second.engine.run()
        let before = try pair.second.dump()
        let segments = try pair.segments(of: pair.first)
        // A head that still ends before the new file would let readers skip the folder; this one is gone.
        try pair.removeHeads(of: pair.first)
        let last = try await pair.first.store.changeLog.lastSequence()
        let relative = try CraftedSegment.write(
            in: pair, device: pair.first, first: last + 1, last: last + 1,
            previous: try CraftedSegment.checksum(of: segments.last!), records: hostile.records,
            overrides: hostile.overrides)
        let report = try await pair.second.engine.run()
        #expect(report.skipped.map(\.path) == [relative])
        #expect(report.skipped.first?.reason.contains(hostile.expectedReason) == true, "\(report.skipped)")
        #expect(try pair.second.dump() == before)
    }

    enum HostileSegment: String, CaseIterable, Sendable {
        case malformedJSON, newerVersion, unknownEntity, badField, wrongDevice, brokenChain, wrongRange
        /// Save counts whose sum wraps around to the revision given (Fuzz/Regressions/FuzzSyncSegment).
        case overflowingDraftVersions
        /// Token counts that overflow when summed (Fuzz/Regressions/FuzzSyncSegment/usage-token-sum-overflow).
        case overflowingUsageTokens

        var records: String {
            switch self {
            case .malformedJSON: "[{\"type\": \"message\", "
            case .unknownEntity: #"[{"type": "reaction", "reaction": {}}]"#
            case .badField:
                #"[{"type":"usage","usage":{"id":"0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c","model":"deepseek-v4-flash","#
                    + #""prompt_tokens":-5,"completion_tokens":1,"total_tokens":1,"created_at":1,"#
                    + #""hlc":"018f3a2b1c4d0000-0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c"}}]"#
            case .overflowingDraftVersions:
                #"[{"type":"draft","draft":{"id":"01a23368-5c7b-756d-b0ab-2d75dbfc73b8","kind":"composer","#
                    + #""content":"x","revision":-9223372036854775807,"interrupted":false,"deleted":false,"#
                    + #""hlc":"018f3a2b1c4d0000-0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c","#
                    + #""conversation_id":"01a23368-5c41-763b-b5d9-aa6834242d9a","created_at":1,"updated_at":1},"#
                    + #""versions":{"0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c":9223372036854775807,"#
                    + #""00000000-0000-4000-8000-000000000002":2}}]"#
            case .overflowingUsageTokens:
                #"[{"type":"usage","usage":{"id":"0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c","model":"deepseek-v4-flash","#
                    + #""prompt_tokens":9223372036854775807,"completion_tokens":1,"total_tokens":1,"created_at":1,"#
                    + #""hlc":"018f3a2b1c4d0000-0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c"}}]"#
            default: "[]"
            }
        }

        var overrides: [String: String] {
            switch self {
            case .newerVersion: ["version": "2"]
            case .wrongDevice: ["device_id": "\"\(EntityID.generate())\""]
            case .brokenChain: ["previous": "\"\(String(repeating: "ab", count: 32))\""]
            case .wrongRange: ["last": "99999"]
            default: [:]
            }
        }

        var expectedReason: String {
            switch self {
            case .malformedJSON: "JSON"
            case .newerVersion: "newer Parley"
            case .unknownEntity: "reaction"
            case .badField: "prompt_tokens"
            case .wrongDevice: "lies in the folder of device"
            case .brokenChain: "does not continue the chain"
            case .wrongRange: "but its name says"
            case .overflowingDraftVersions: "devices, each with 1 to"
            case .overflowingUsageTokens: "prompt_tokens"
            }
        }
    }

    @Test func aHugeFileIsRefusedUnread() async throws {
        var options = SyncOptions()
        options.maximumFileBytes = 4_096
        let pair = try await SyncPair(options: options)
        try await SyncPair.write(1, on: pair.first, title: String(repeating: "long title ", count: 40))
        for index in 0..<60 {
            _ = try await pair.first.store.conversations.create(
                NewConversation(title: "filler \(index) " + String(repeating: "x", count: 200)))
        }
        _ = try await pair.first.engine.run()
        let report = try await pair.second.engine.run()
        #expect(report.skipped.first?.reason.contains("bytes") == true, "\(report.skipped)")
        #expect(try pair.second.count("SELECT count(*) FROM conversation") == 0)
    }
}
