import Foundation
import ParleyCore
import ParleyStore

/// Writes this device's new changes to the target as segments, then a new version of its head.
///
/// Each segment is written under a temporary name and renamed, then recorded in the database, then the head
/// follows. A crash after the rename leaves a segment the database does not know: the next run finds it on
/// the target (it continues the recorded chain) and adopts it instead of writing the same changes again.
struct SegmentExporter {
    let store: ParleyStore
    let session: TargetSession
    let options: SyncOptions
    let fault: SyncEngine.FaultHook?

    /// How far this device's chain goes after an export, and the heads its folder held before it.
    struct Exported: Sendable {
        var cursor: SyncCursor
        var folder: DeviceFolder
    }

    func export(
        from recorded: SyncCursor, report: inout SyncReport, progress: SyncEngine.ProgressHook?
    )
        async throws(ParleyError) -> Exported
    {
        let device = store.deviceID
        var listing = try await session.deviceFolder(device)
        if !listing.exists {
            try await session.directory.makeFolder(SyncLayout.device(device))
            listing = try await session.deviceFolder(device)
        }
        let names = listing.segments
        try requireChain(ending: recorded, names: names)
        var cursor = try await adopt(names: names, from: recorded)
        while let batch = try await store.sync.exportBatch(
            after: cursor.sequence, maximumRecords: options.maximumSegmentRecords,
            maximumBytes: options.maximumSegmentBytes)
        {
            let name = SegmentName(first: batch.first, last: batch.last)
            let path = try SyncLayout.segment(of: device, name)
            let document = SegmentDocument(
                targetID: session.descriptor.targetID, deviceID: device, first: batch.first, last: batch.last,
                previous: cursor.hash, createdAt: HybridLogicalClock.systemWallClock(), records: batch.records)
            let data = try session.seal(document, path: path)
            try await session.directory.write(data, to: path, replacing: false)
            try fault?(.afterSegmentWritten)
            let next = SyncCursor(sequence: batch.last, hash: SegmentEnvelope.checksum(data))
            try await store.sync.recordExport(next, after: cursor)
            cursor = next
            report.exportedSegments += 1
            progress?(.exported(segment: path.description, records: batch.records.count))
        }
        return Exported(cursor: cursor, folder: listing)
    }

    /// Refuses to go on when the segment the database says it exported last is not on the target: the device's
    /// folder was emptied or rolled back, and writing on from there would leave a gap no reader can cross.
    private func requireChain(ending recorded: SyncCursor, names: [SegmentName]) throws(ParleyError) {
        guard recorded.sequence > 0, !names.contains(where: { $0.last == recorded.sequence }) else { return }
        throw .sync(
            path: try SyncLayout.device(store.deviceID).description,
            reason: "has lost this device's segments up to change \(recorded.sequence) (the folder was emptied or "
                + "restored from an older copy). Nothing was written. Run `parley sync init URL --reset` to write "
                + "this device's history again")
    }

    /// Takes over segments a crashed run wrote after the recorded cursor: each must continue the chain.
    private func adopt(names: [SegmentName], from recorded: SyncCursor) async throws(ParleyError) -> SyncCursor {
        var cursor = recorded
        while let name = names.first(where: { $0.first == cursor.sequence + 1 }) {
            let path = try SyncLayout.segment(of: store.deviceID, name)
            guard let data = try await session.directory.read(path, maximumBytes: options.maximumFileBytes) else {
                break
            }
            let document = try SegmentReader(session: session, options: options).document(
                data, path: path, name: name, device: store.deviceID, after: cursor)
            let next = SyncCursor(sequence: document.last, hash: SegmentEnvelope.checksum(data))
            try await store.sync.recordExport(next, after: cursor)
            cursor = next
        }
        return cursor
    }

    /// Publishes a new head after the segments it names, with what a `parley doctor` on another device needs
    /// to tell whether the two have diverged: how far this device had imported each other one, and the content
    /// hash it had then.
    ///
    /// The new version is written as a new file (never over another), and only then are the older versions
    /// removed, so a crash or a reader between any two steps finds the new head, an older one, or none: never
    /// half a head, and no head only ever means no news.
    func writeHead(
        _ exported: Exported, imported: [EntityID: Int64], contentHash: String
    ) async throws(ParleyError) {
        try fault?(.beforeHeadWritten)
        let device = store.deviceID
        let now = HybridLogicalClock.systemWallClock()
        var head = DeviceHead(
            targetID: session.descriptor.targetID, deviceID: device, lastSequence: exported.cursor.sequence,
            lastHash: exported.cursor.hash, updatedAt: now, latestChange: try await store.changeLog.lastSequence(),
            contentHash: contentHash,
            imported: Dictionary(uniqueKeysWithValues: imported.map { ($0.key.rawValue, $0.value) }))
        if let newest = exported.folder.heads.first, exported.folder.heads.count == 1, !exported.folder.hasLegacyHead,
            var published = session.heads[try SyncLayout.head(of: device, newest)]
        {
            // The head on the target says all this already: a run with nothing new writes nothing.
            published.updatedAt = now
            if published == head { return }
        }
        let name = HeadName(version: max(now, (exported.folder.heads.first?.version ?? 0) + 1))
        let path = try SyncLayout.head(of: device, name)
        head.updatedAt = now
        try await session.directory.write(try session.seal(head, path: path), to: path, replacing: false)
        session.heads[path] = head
        try fault?(.afterHeadWritten)
        for older in exported.folder.heads {
            try await session.directory.remove(try SyncLayout.head(of: device, older))
        }
        if exported.folder.hasLegacyHead {
            try await session.directory.remove(try SyncLayout.legacyHead(of: device))
        }
    }
}
