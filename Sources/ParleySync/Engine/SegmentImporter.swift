import Foundation
import ParleyCore
import ParleyStore

/// Imports every other device's new segments, device by device and in order.
///
/// A segment that cannot be read or fails a check is reported and stops that device's import there, with the
/// database as it was: applying a later segment over a gap would lose what the skipped one carried.
struct SegmentImporter {
    let store: ParleyStore
    let session: TargetSession
    let options: SyncOptions
    let fault: SyncEngine.FaultHook?

    func importAll(report: inout SyncReport, progress: SyncEngine.ProgressHook?) async throws(ParleyError) {
        let devicesFolder = try SyncLayout.devices()
        let peers = try store.sync.peers()
        guard let entries = try await session.directory.list(devicesFolder) else {
            if !peers.isEmpty {
                throw .sync(
                    path: devicesFolder.description,
                    reason: "is missing, but devices were imported from it before: the target looks emptied. "
                        + "Nothing was changed")
            }
            return
        }
        let known = Dictionary(uniqueKeysWithValues: peers.map { ($0.deviceID, $0) })
        var present = Set<EntityID>()
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            let path = devicesFolder.description + "/" + entry.name
            guard let device = EntityID(rawValue: entry.name), device.rawValue == entry.name else {
                report.skipped.append(
                    SkippedFile(path: path, reason: "is not a device folder (its name is no device id)"))
                continue
            }
            guard entry.kind == .folder else {
                report.skipped.append(SkippedFile(path: path, reason: "is not a folder (links are never followed)"))
                continue
            }
            present.insert(device)
            guard device != store.deviceID else { continue }
            let cursor = known[device]?.cursor ?? .start
            do {
                try await importDevice(device, from: cursor, report: &report, progress: progress)
            } catch {
                guard case let .sync(path, reason) = error else { throw error }
                report.skipped.append(SkippedFile(path: path ?? SyncLayout.devicesFolder, reason: reason))
                try await store.sync.recordPeer(device, seenAt: Self.now(), error: reason)
            }
        }
        for peer in peers where !present.contains(peer.deviceID) && peer.cursor.sequence > 0 {
            let path = try SyncLayout.device(peer.deviceID).description
            let reason = "has vanished from the target; what was imported from it stays"
            report.skipped.append(SkippedFile(path: path, reason: reason))
            try await store.sync.recordPeer(peer.deviceID, seenAt: peer.lastSeen ?? 0, error: reason)
        }
    }

    private func importDevice(
        _ device: EntityID, from start: SyncCursor, report: inout SyncReport, progress: SyncEngine.ProgressHook?
    ) async throws(ParleyError) {
        let folder = try await session.deviceFolder(device)
        let head = try await session.head(of: device, in: folder)
        let names = folder.segments
        if let head, head.lastSequence == start.sequence, head.lastHash == start.hash {
            try await store.sync.recordPeer(device, seenAt: Self.now(), error: nil)
            return
        }
        // A head behind what was imported is only stale (its device has not published a newer one yet); the
        // folder was rolled back only when the last segment imported from it is gone too.
        if start.sequence > 0, !names.contains(where: { $0.last == start.sequence }),
            (head?.lastSequence ?? -1) < start.sequence
        {
            throw .sync(
                path: try SyncLayout.device(device).description,
                reason: "no longer holds the segment ending at change \(start.sequence), which was imported from "
                    + "it: its folder was emptied or restored from an older copy. Nothing was changed")
        }
        var cursor = start
        while true {
            let candidates = names.filter { $0.first == cursor.sequence + 1 }.sorted()
            guard !candidates.isEmpty else { break }
            guard let (path, data, document) = try await nextSegment(of: device, among: candidates, after: cursor)
            else {
                // Listed but not readable yet (a store whose listings run ahead of its reads): not damage, only
                // not yet; the next run reads it.
                try await store.sync.recordPeer(device, seenAt: Self.now(), error: nil)
                return
            }
            for (index, record) in document.records.enumerated() {
                for stamp in record.stamps {
                    do {
                        try store.clock.check(stamp, field: "records[\(index)].hlc")
                    } catch {
                        throw .sync(path: path.description, reason: "\(error): refusing a change stamped in the future")
                    }
                }
            }
            let next = SyncCursor(sequence: document.last, hash: SegmentEnvelope.checksum(data))
            var beforeCommit: (@Sendable () throws(ParleyError) -> Void)?
            if let fault {
                beforeCommit = { () throws(ParleyError) in try fault(.beforeImportCommit) }
            }
            let outcome = try await store.sync.apply(
                document.records, from: device, after: cursor, advancingTo: next, seenAt: Self.now(),
                beforeCommit: beforeCommit)
            if let newest = document.records.flatMap(\.stamps).max() { try store.clock.receive(newest) }
            cursor = next
            report.importedSegments += 1
            report.appliedChanges += outcome.appliedChanges
            report.conflicts += outcome.conflicts
            report.conversations.formUnion(outcome.conversations)
            progress?(.imported(segment: path.description, records: document.records.count))
        }
        if let head, head.lastSequence > cursor.sequence {
            throw .sync(
                path: try SyncLayout.device(device).description,
                reason: "has no segment starting at change \(cursor.sequence + 1), though its head goes to "
                    + "\(head.lastSequence): the target has not copied it yet, or it was lost")
        }
        try await store.sync.recordPeer(device, seenAt: Self.now(), error: nil)
    }

    /// The segment that continues the chain. Only one file can (each names its predecessor's checksum); a
    /// stray file that starts at the same change, such as a copy left by a sync tool, does not block it. Nil
    /// when every candidate was listed but could not be read yet.
    private func nextSegment(
        of device: EntityID, among candidates: [SegmentName], after cursor: SyncCursor
    ) async throws(ParleyError) -> (RemotePath, Data, SegmentDocument)? {
        var firstFailure: ParleyError?
        for name in candidates {
            let path = try SyncLayout.segment(of: device, name)
            do throws(ParleyError) {
                guard let data = try await session.directory.read(path, maximumBytes: options.maximumFileBytes) else {
                    continue
                }
                let document = try SegmentReader(session: session, options: options).document(
                    data, path: path, name: name, device: device, after: cursor)
                return (path, data, document)
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure { throw firstFailure }
        return nil
    }

    private static func now() -> Int64 { HybridLogicalClock.systemWallClock() }
}
