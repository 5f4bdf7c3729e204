import Crypto
import Foundation
import GRDB
import ParleyCore

/// The content digest: one number that is equal on two databases exactly when they hold the same
/// conversations, messages, drafts and usage records, whatever order their histories arrived in.
///
/// It is a ``DigestSum`` of one term per fact. A message contributes the hash of what never changes about it,
/// plus a tombstone term once deleted (deletion is the only change a message sees); a usage record contributes
/// its hash. Conversations and drafts change in place, so each contributes the hash of its current state, and
/// that hash is kept (`sync_entity_digest`) so the next change can subtract it. Local changes are folded in
/// from the change log when the digest is asked for; imports fold theirs in as they apply them.
enum ContentDigest {
    /// Brings the stored sum up to the end of the change log and returns it as hex text.
    static func current(_ db: Database) throws -> String {
        var (through, total) = try stored(db)
        let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM change_log") ?? 0
        while through < last {
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT seq, entity, entity_id, operation FROM change_log WHERE seq > ? ORDER BY seq LIMIT 10000",
                arguments: [through])
            var replaced: [(ChangeEntity, EntityID)] = []
            var seen = Set<EntityID>()
            for row in rows {
                through = row["seq"]
                let id = EntityID(trusted: row["entity_id"])
                switch (row["entity"] as String, row["operation"] as String) {
                case ("message", "create"):
                    if let message = try MessageRow.fetch(db, id: id) { total.add(messageTerm(message)) }
                case ("message", "delete"):
                    total.add(tombstoneTerm(id))
                case ("usage", "create"):
                    if let usage = try UsageRow.fetch(db, id: id) { total.add(usageTerm(usage)) }
                case ("conversation", _):
                    if seen.insert(id).inserted { replaced.append((.conversation, id)) }
                case ("draft", _):
                    if seen.insert(id).inserted { replaced.append((.draft, id)) }
                default:
                    break
                }
            }
            for (entity, id) in replaced { try restate(db, entity, id, in: &total) }
        }
        try save(db, through: through, total: total)
        return hex(total)
    }

    /// Adds what an import changed, summed over a whole segment so the stored sum is read and written once.
    static func add(_ db: Database, _ change: DigestSum) throws {
        var (through, total) = try stored(db)
        total.add(change)
        try save(db, through: through, total: total)
    }

    /// The term of a message an import inserted, with its tombstone when it arrived deleted.
    static func insertedMessageTerm(_ message: Message) -> DigestSum {
        var term = messageTerm(message)
        if message.deleted { term.add(tombstoneTerm(message.id)) }
        return term
    }

    /// Replaces the term of a conversation or draft in `total` with the term of its current state, and keeps
    /// that term for the next change to subtract.
    static func restate(
        _ db: Database, _ entity: ChangeEntity, _ id: EntityID, in total: inout DigestSum
    ) throws {
        if let old = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT digest FROM sync_entity_digest WHERE id = ?"), arguments: [id.rawValue])
        {
            total.subtract(DigestSum(bytes: old))
        }
        guard let record = try EntityStates.record(db, entity, id) else {
            try db.execute(sql: "DELETE FROM sync_entity_digest WHERE id = ?", arguments: [id.rawValue])
            return
        }
        let term = try stateTerm(record)
        total.add(term)
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO sync_entity_digest (id, digest) VALUES (?, ?)")
            .execute(arguments: [id.rawValue, term.bytes])
    }

    private static func stored(_ db: Database) throws -> (Int64, DigestSum) {
        guard let row = try Row.fetchOne(db, sql: "SELECT through_seq, total FROM sync_digest WHERE singleton = 1")
        else { return (0, .zero) }
        return (row["through_seq"], DigestSum(bytes: row["total"]))
    }

    private static func save(_ db: Database, through: Int64, total: DigestSum) throws {
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO sync_digest (singleton, through_seq, total) VALUES (1, ?, ?)"
        ).execute(arguments: [through, total.bytes])
    }

    // MARK: - Terms

    /// What never changes about a message: everything but its deletion and the stamp that records it.
    static func messageTerm(_ message: Message) -> DigestSum {
        var fixed = message
        fixed.deleted = false
        fixed.updatedAt = fixed.createdAt
        fixed.hlc = HybridTimestamp(milliseconds: fixed.createdAt, counter: 0, deviceID: fixed.id)
        return DigestSum(hashing: Data("message\n".utf8) + canonical(fixed))
    }

    static func tombstoneTerm(_ id: EntityID) -> DigestSum {
        DigestSum(hashing: Data("deleted message\n\(id.rawValue)".utf8))
    }

    static func usageTerm(_ usage: UsageRecord) -> DigestSum {
        DigestSum(hashing: Data("usage\n".utf8) + canonical(usage))
    }

    /// A conversation's row stamp and update time follow from its field stamps (the newest of them), so only
    /// the fields and their stamps count.
    static func stateTerm(_ record: SyncRecord) throws -> DigestSum {
        switch record {
        case let .conversation(conversation, stamps):
            var fixed = conversation
            let newest = stamps.all.max()!
            fixed.hlc = newest
            fixed.updatedAt = newest.milliseconds
            return DigestSum(hashing: Data("conversation\n".utf8) + canonical(fixed) + canonical(stamps))
        case let .draft(draft, versions):
            return DigestSum(
                hashing: Data("draft\n".utf8) + canonical(draft) + Data(DraftVersions(counts: versions).encoded.utf8))
        case let .message(message):
            return messageTerm(message)
        case let .usage(usage):
            return usageTerm(usage)
        }
    }

    private static func canonical(_ value: some Encodable) -> Data {
        Data(((try? JSONCoding.encode(value)) ?? "").utf8)
    }

    private static func hex(_ total: DigestSum) -> String {
        SHA256.hash(data: Data("parley content v1\n".utf8) + total.bytes).map { String(format: "%02x", $0) }
            .joined()
    }
}
