import Foundation
import GRDB
import ParleyCore

/// The store's side of sync: the recorded target and cursors, change-log batches to export, merging of
/// imported states, and the content digest. File formats, encryption and the target itself live in
/// ParleySync; everything here runs in the store's transactions.
public struct SyncRepository: Sendable {
    let store: ParleyStore

    public func target() throws(ParleyError) -> SyncTargetRecord? {
        try store.readNow { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sync_target WHERE singleton = 1") else {
                return nil
            }
            let connection: String? = row["connection"]
            return SyncTargetRecord(
                url: row["url"], targetID: EntityID(trusted: row["target_id"]), encrypted: row["encrypted"],
                passphraseFile: row["passphrase_file"],
                connection: try connection.map { text in
                    try JSONCoding.decodeStored(TargetConnection.self, from: text, column: "sync_target.connection")
                } ?? TargetConnection(),
                exported: SyncCursor(sequence: row["exported_seq"], hash: row["exported_hash"]),
                lastRun: row["last_run"], lastError: row["last_error"], lastSkipped: row["last_skipped"],
                lastMoved: row["last_moved"])
        }
    }

    /// Records the target to sync with. A target with another id starts over: nothing of this database has been
    /// written to it and nothing of it has been read, so the export and every peer's cursor go back to the start.
    /// `reset` starts over with the same target.
    public func configure(
        url: String, targetID: EntityID, encrypted: Bool, passphraseFile: String?,
        connection: TargetConnection = TargetConnection(), reset: Bool = false
    ) async throws(ParleyError) {
        let connectionJSON = try MessageWriter.encodeJSON(connection, field: "connection")
        try await store.write { db in
            let current = try String.fetchOne(db, sql: "SELECT target_id FROM sync_target WHERE singleton = 1")
            if current != targetID.rawValue || reset {
                try db.execute(sql: "DELETE FROM sync_peer")
                try db.execute(sql: "DELETE FROM sync_target")
                try db.execute(
                    sql:
                        "INSERT INTO sync_target (singleton, url, target_id, encrypted, passphrase_file, connection) "
                        + "VALUES (1, ?, ?, ?, ?, ?)",
                    arguments: [url, targetID.rawValue, encrypted, passphraseFile, connectionJSON])
            } else {
                try db.execute(
                    sql:
                        "UPDATE sync_target SET url = ?, encrypted = ?, passphrase_file = ?, connection = ? "
                        + "WHERE singleton = 1",
                    arguments: [url, encrypted, passphraseFile, connectionJSON])
            }
        }
    }

    public func peers() throws(ParleyError) -> [SyncPeerRecord] {
        try store.readNow { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sync_peer ORDER BY device_id").map { row in
                SyncPeerRecord(
                    deviceID: EntityID(trusted: row["device_id"]),
                    cursor: SyncCursor(sequence: row["cursor_seq"], hash: row["cursor_hash"]),
                    lastSeen: row["last_seen"], lastError: row["last_error"])
            }
        }
    }

    /// The states of the entities changed after `sequence`, at most `maximumRecords` entities and about
    /// `maximumBytes` of text; nil when nothing changed since. Read in one snapshot, so the states are those as
    /// of the batch's last change or later (never earlier), which the merge rules accept.
    public func exportBatch(
        after sequence: Int64, maximumRecords: Int = 5_000, maximumBytes: Int = 4 << 20
    ) async throws(ParleyError) -> ExportBatch? {
        try await store.read { db in
            var records: [SyncRecord] = []
            var seen = Set<String>()
            var bytes = 0
            var last = sequence
            reading: while true {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT seq, entity, entity_id FROM change_log WHERE seq > ? ORDER BY seq LIMIT 2000",
                    arguments: [last])
                if rows.isEmpty { break }
                for row in rows {
                    let entityName: String = row["entity"]
                    let id: String = row["entity_id"]
                    if seen.insert(entityName + id).inserted {
                        if records.count >= maximumRecords || bytes >= maximumBytes { break reading }
                        if let entity = ChangeEntity(rawValue: entityName),
                            let record = try EntityStates.record(db, entity, EntityID(trusted: id))
                        {
                            bytes += Self.estimatedSize(record)
                            records.append(record)
                        }
                    }
                    last = row["seq"]
                }
            }
            guard last > sequence else { return nil }
            return ExportBatch(first: sequence + 1, last: last, records: records)
        }
    }

    /// Records that this device's changes up to `cursor` are on the target, if the export still stands where
    /// `previous` says (two runs at once cannot both advance it).
    public func recordExport(_ cursor: SyncCursor, after previous: SyncCursor) async throws(ParleyError) {
        try await store.write { db in
            try db.execute(
                sql: """
                    UPDATE sync_target SET exported_seq = ?, exported_hash = ?
                    WHERE singleton = 1 AND exported_seq = ? AND exported_hash IS ?
                    """,
                arguments: [cursor.sequence, cursor.hash, previous.sequence, previous.hash])
            guard db.changesCount == 1 else {
                throw ParleyError.sync(
                    path: nil, reason: "the export cursor moved while this run was writing; run sync again")
            }
        }
    }

    /// Merges one segment of `peer` and moves its cursor from `previous` to `next`, in one transaction: after
    /// a crash either both happened or neither did, and a segment applied again changes nothing.
    ///
    /// `beforeCommit` runs last inside the transaction; tests throw from it to stand for a crash there.
    public func apply(
        _ records: [SyncRecord], from peer: EntityID, after previous: SyncCursor, advancingTo next: SyncCursor,
        seenAt: Int64, beforeCommit: (@Sendable () throws(ParleyError) -> Void)? = nil
    ) async throws(ParleyError) -> ApplyOutcome {
        let clock = store.clock
        return try await store.write { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT cursor_seq, cursor_hash FROM sync_peer WHERE device_id = ?",
                arguments: [peer.rawValue])
            let current = row.map { SyncCursor(sequence: $0["cursor_seq"], hash: $0["cursor_hash"]) } ?? .start
            guard current == previous else {
                throw ParleyError.sync(
                    path: nil, reason: "device \(peer)'s cursor moved while this run was importing; run sync again")
            }
            var merger = SyncMerger(clock: clock)
            for record in records { try merger.apply(db, record) }
            try ContentDigest.add(db, merger.digestChange)
            try db.execute(
                sql: """
                    INSERT INTO sync_peer (device_id, cursor_seq, cursor_hash, last_seen, last_error)
                    VALUES (?, ?, ?, ?, NULL)
                    ON CONFLICT (device_id) DO UPDATE SET cursor_seq = excluded.cursor_seq,
                        cursor_hash = excluded.cursor_hash, last_seen = excluded.last_seen, last_error = NULL
                    """,
                arguments: [peer.rawValue, next.sequence, next.hash, seenAt])
            try beforeCommit?()
            return ApplyOutcome(
                appliedChanges: merger.appliedChanges, conflicts: merger.conflicts,
                conversations: merger.conversations)
        }
    }

    /// Notes that a device was seen on the target, and what went wrong reading it (nil: nothing).
    public func recordPeer(_ peer: EntityID, seenAt: Int64, error: String?) async throws(ParleyError) {
        try await store.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_peer (device_id, last_seen, last_error) VALUES (?, ?, ?)
                    ON CONFLICT (device_id) DO UPDATE SET last_seen = excluded.last_seen,
                        last_error = excluded.last_error
                    """,
                arguments: [peer.rawValue, seenAt, error])
        }
    }

    /// Records how the last run ended: its error, and the files it skipped (as JSON `[{path, reason}]`).
    public func recordRun(
        at time: Int64, error: String?, skipped: some Encodable & Sendable, moved: some Encodable & Sendable
    ) async throws(ParleyError) {
        let skippedText = try MessageWriter.encodeJSON(skipped, field: "skipped")
        let movedText = try MessageWriter.encodeJSON(moved, field: "moved")
        try await store.write { db in
            try db.execute(
                sql: """
                    UPDATE sync_target SET last_run = ?, last_error = ?, last_skipped = ?, last_moved = ?
                    WHERE singleton = 1
                    """,
                arguments: [time, error, skippedText, movedText])
        }
    }

    /// The content digest (hex): equal on two databases exactly when they hold the same entity states.
    public func contentHash() async throws(ParleyError) -> String {
        try await store.write { db in try ContentDigest.current(db) }
    }

    private static func estimatedSize(_ record: SyncRecord) -> Int {
        switch record {
        case let .message(message):
            400 + message.content.searchableText.utf8.count + (message.reasoningContent?.utf8.count ?? 0)
        case let .draft(draft, _):
            400 + draft.content.utf8.count + (draft.reasoningContent?.utf8.count ?? 0)
        case .conversation:
            1_000
        case .usage:
            400
        }
    }
}
