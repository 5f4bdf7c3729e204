import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// Two devices sharing one target folder, with helpers to write history and to reach into the target.
final class SyncPair: Sendable {
    let target = TemporaryFolder(prefix: "parley-sync-target-")
    let first: SyncDevice
    let second: SyncDevice

    init(
        options: SyncOptions = SyncOptions(), firstClock: ManualClock? = nil, secondClock: ManualClock? = nil
    )
        async throws
    {
        first = try SyncDevice(clock: firstClock, options: options)
        second = try SyncDevice(clock: secondClock, options: options)
        _ = try await first.engine.configure(url: target.path, passphraseFile: nil)
        _ = try await second.engine.configure(url: target.path, passphraseFile: nil)
    }

    /// A conversation with `count` messages on `device`, each followed by `padding` random hex digits (text
    /// that does not compress, for segments of a known size).
    @discardableResult
    static func write(
        _ count: Int, on device: SyncDevice, title: String = "synced", padding: Int = 0
    ) async throws -> Conversation {
        let conversation = try await device.store.conversations.create(NewConversation(title: title))
        for index in 0..<count {
            let filler =
                padding == 0 ? "" : " " + String((0..<padding).map { _ in "0123456789abcdef".randomElement()! })
            _ = try await device.store.messages.append(
                NewMessage(
                    conversationID: conversation.id, role: .user, content: .text("message \(index) 同步\(filler)")))
        }
        return conversation
    }

    func folder(of device: SyncDevice) -> String {
        target.path + "/parley/devices/" + device.store.deviceID.rawValue
    }

    /// The names of `device`'s head files, oldest first.
    func heads(of device: SyncDevice) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder(of: device)).filter {
            $0.hasPrefix("head") && $0.hasSuffix(".json")
        }.sorted()
    }

    /// Removes every head of `device`, as a target that lost them (or never copied them) would.
    func removeHeads(of device: SyncDevice) throws {
        for name in try heads(of: device) {
            try FileManager.default.removeItem(atPath: folder(of: device) + "/" + name)
        }
    }

    /// The segment files of `device`, in chain order.
    func segments(of device: SyncDevice) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder(of: device)).filter { $0.hasSuffix(".seg") }
            .sorted().map { folder(of: device) + "/" + $0 }
    }
}

/// Builds a segment file by hand, as a hostile or broken device might write it.
enum CraftedSegment {
    /// A plain (unencrypted) segment of `device` covering `first...last` after the segment `previous`, holding
    /// `records` (raw JSON) and whatever `overrides` replace in the document.
    static func write(
        in pair: SyncPair, device: SyncDevice, first: Int64, last: Int64, previous: String?, records: String,
        overrides: [String: String] = [:]
    ) throws -> String {
        let targetID = try TargetDescriptor.decode(
            Data(contentsOf: URL(fileURLWithPath: pair.target.path + "/parley/target.json"))
        ).targetID
        var fields: [String: String] = [
            "format": #""parley-segment""#, "version": "1", "target_id": "\"\(targetID)\"",
            "device_id": "\"\(device.store.deviceID)\"", "first": "\(first)", "last": "\(last)",
            "previous": previous.map { "\"\($0)\"" } ?? "null", "created_at": "1", "records": records,
        ]
        fields.merge(overrides) { $1 }
        let json = "{" + fields.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        let name = String(format: "%016lld-%016lld.seg", first, last)
        let relative = "parley/devices/\(device.store.deviceID)/\(name)"
        let data = SegmentEnvelope.seal(Data(json.utf8), key: nil, associatedPath: relative)
        try FileManager.default.createDirectory(
            atPath: pair.folder(of: device), withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: pair.target.path + "/" + relative))
        return relative
    }

    static func checksum(of path: String) throws -> String {
        SegmentEnvelope.checksum(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

extension SyncDevice {
    /// Runs sync as if the process died at `point`: the work before it is done, the work after it is not.
    func crashingRun(at point: SyncFaultPoint, sourceLocation: SourceLocation = #_sourceLocation) async {
        await engine.injectFault { reached throws(ParleyError) in
            if reached == point { throw .sync(path: nil, reason: "crash") }
        }
        _ = await failingRun(sourceLocation: sourceLocation)
        await engine.injectFault(nil)
    }

    /// Runs sync and expects it to throw a sync error; returns its path and reason.
    func failingRun(sourceLocation: SourceLocation = #_sourceLocation) async -> (path: String?, reason: String)? {
        do {
            let report = try await engine.run()
            Issue.record("sync ran although it should have refused: \(report)", sourceLocation: sourceLocation)
            return nil
        } catch {
            guard case let .sync(path, reason) = error else {
                Issue.record("expected a sync error, got \(error)", sourceLocation: sourceLocation)
                return nil
            }
            return (path, reason)
        }
    }
}
