import Crypto
import Foundation
import GRDB
import ParleyCore

/// Applies entity states from another device with the merge rules of DESIGN.md, inside the caller's write
/// transaction. Every rule gives the same result whatever order the states arrive in and however often.
///
/// - Messages and usage records are inserted when absent (a union); a message's deletion is a tombstone that
///   stays. Concurrent replies to one parent are simply two messages: sibling branches.
/// - Conversation fields are last-writer-wins one by one, by the stamp of each field's last change.
/// - Drafts carry version vectors: a later version replaces an earlier one, and of two concurrent versions
///   the one with the newer stamp wins while the other is kept as a conflict copy, so no text is lost.
///
/// Changes merged from a sync target are not written to the local change log (the device they came from
/// exports them), except conflict copies, which this device made and must pass on. Changes merged from a file
/// (`logsChanges`: a Parley export being imported) are logged like local writes, so sync passes them on; the
/// content digest then takes them from the log instead of from ``digestChange``.
struct SyncMerger {
    let clock: HybridLogicalClock
    let logsChanges: Bool
    private(set) var appliedChanges = 0
    private(set) var conflicts = 0
    private(set) var conversations = Set<EntityID>()
    /// What the merged states add to the content digest; the caller stores it once for the whole segment.
    private(set) var digestChange = DigestSum()
    /// Messages that were not stored before.
    private(set) var insertedMessages = 0

    init(clock: HybridLogicalClock, logsChanges: Bool = false) {
        self.clock = clock
        self.logsChanges = logsChanges
    }

    mutating func apply(_ db: Database, _ record: SyncRecord) throws {
        switch record {
        case let .conversation(conversation, stamps): try merge(db, conversation, stamps: stamps)
        case let .message(message): try merge(db, message)
        case let .draft(draft, versions): try merge(db, draft, versions: DraftVersions(counts: versions))
        case let .usage(usage): try merge(db, usage)
        }
    }

    // MARK: - Messages and usage

    private mutating func merge(_ db: Database, _ message: Message) throws {
        if let contentText = try MessageRow.insert(db, message, ifAbsent: true) {
            if !message.deleted, try !conversationDeleted(db, message.conversationID) {
                try db.cachedStatement(sql: "INSERT INTO message_search (rowid, content_text) VALUES (?, ?)")
                    .execute(arguments: [db.lastInsertedRowID, contentText])
            }
            if logsChanges {
                try ChangeLog.append(db, .message, message.id, .create, message.hlc)
                if message.deleted { try ChangeLog.append(db, .message, message.id, .delete, message.hlc) }
            } else {
                digestChange.add(ContentDigest.insertedMessageTerm(message))
            }
            insertedMessages += 1
            record(message.conversationID)
            return
        }
        guard message.deleted,
            let local = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT deleted, hlc FROM message WHERE id = ?"),
                arguments: [message.id.rawValue])
        else { return }
        let localDeleted: Bool = local["deleted"]
        let localStamp: String = local["hlc"]
        guard !localDeleted || localStamp < message.hlc.description else { return }
        // The search trigger on `deleted` takes the message out of the index.
        try db.cachedStatement(
            sql: "UPDATE message SET deleted = 1, hlc = max(hlc, ?), updated_at = max(updated_at, ?) WHERE id = ?"
        ).execute(arguments: [message.hlc.description, message.updatedAt, message.id.rawValue])
        if !localDeleted {
            if logsChanges {
                try ChangeLog.append(db, .message, message.id, .delete, message.hlc)
            } else {
                digestChange.add(ContentDigest.tombstoneTerm(message.id))
            }
            record(message.conversationID)
        }
    }

    private mutating func merge(_ db: Database, _ usage: UsageRecord) throws {
        guard try UsageRow.insert(db, usage, ifAbsent: true) else { return }
        if logsChanges {
            try ChangeLog.append(db, .usage, usage.id, .create, usage.hlc)
        } else {
            digestChange.add(ContentDigest.usageTerm(usage))
        }
        if let conversationID = usage.conversationID { record(conversationID) }
    }

    // MARK: - Conversations

    private mutating func merge(_ db: Database, _ remote: Conversation, stamps: ConversationFieldStamps) throws {
        let settings = try MessageWriter.encodeJSON(remote.settings, field: "settings")
        guard case let .conversation(local, localStamps)? = try EntityStates.conversation(db, remote.id) else {
            // Inserted live, then deleted by an update, so the search trigger also takes out any of its messages
            // that arrived first.
            try ConversationRow.insert(db, remote, stamps: stamps, settings: settings)
            if remote.deleted {
                try db.execute(sql: "UPDATE conversation SET deleted = 1 WHERE id = ?", arguments: [remote.id.rawValue])
            }
            try changed(db, .conversation, remote.id, .create, remote.hlc)
            record(remote.id)
            return
        }
        var changes: [(String, DatabaseValue)] = []
        func take(
            _ column: String, _ stampColumn: String, _ mine: HybridTimestamp, _ theirs: HybridTimestamp,
            _ value: DatabaseValue
        ) {
            guard theirs > mine else { return }
            changes.append((column, value))
            changes.append((stampColumn, theirs.description.databaseValue))
        }
        take("title", "title_hlc", localStamps.title, stamps.title, remote.title.databaseValue)
        take("model", "model_hlc", localStamps.model, stamps.model, remote.model.databaseValue)
        take("settings", "settings_hlc", localStamps.settings, stamps.settings, settings.databaseValue)
        take("pinned", "pinned_hlc", localStamps.pinned, stamps.pinned, remote.pinned.databaseValue)
        take("archived", "archived_hlc", localStamps.archived, stamps.archived, remote.archived.databaseValue)
        take(
            "head_message_id", "head_hlc", localStamps.head, stamps.head,
            remote.headMessageID?.rawValue.databaseValue ?? .null)
        take("deleted", "deleted_hlc", localStamps.deleted, stamps.deleted, remote.deleted.databaseValue)
        let tagsChanged = stamps.tags > localStamps.tags
        guard !changes.isEmpty || tagsChanged else { return }
        if tagsChanged {
            try ConversationRow.replaceTags(db, id: remote.id, tags: remote.tags)
            changes.append(("tags_hlc", stamps.tags.description.databaseValue))
        }
        changes.append(("hlc", max(local.hlc, remote.hlc).description.databaseValue))
        changes.append(("updated_at", max(local.updatedAt, remote.updatedAt).databaseValue))
        try db.execute(
            sql: "UPDATE conversation SET " + changes.map { "\($0.0) = ?" }.joined(separator: ", ") + " WHERE id = ?",
            arguments: StatementArguments(changes.map(\.1) + [remote.id.rawValue.databaseValue]))
        try changed(db, .conversation, remote.id, .update, remote.hlc)
        record(remote.id)
    }

    // MARK: - Drafts

    private mutating func merge(_ db: Database, _ remote: Draft, versions remoteVersions: DraftVersions) throws {
        guard let local = try DraftRow.fetch(db, id: remote.id) else {
            try write(db, remote, versions: remoteVersions, inserting: true)
            try changed(db, .draft, remote.id, .create, remote.hlc)
            record(remote.conversationID)
            return
        }
        let localVersions = try DraftVersions.fetch(db, draft: local)
        switch localVersions.order(comparedTo: remoteVersions) {
        case .same, .after:
            return
        case .before:
            try write(db, remote, versions: remoteVersions, inserting: false)
        case .concurrent:
            let (winner, loser) = remote.hlc > local.hlc ? (remote, local) : (local, remote)
            try write(db, winner, versions: localVersions.merged(with: remoteVersions), inserting: false)
            if !loser.deleted,
                loser.content != winner.content || loser.reasoningContent != winner.reasoningContent
                    || loser.toolCalls != winner.toolCalls
            {
                try keepConflictCopy(db, of: loser)
            }
        }
        try changed(db, .draft, remote.id, .update, remote.hlc)
        record(remote.conversationID)
    }

    /// Keeps the losing version of a concurrently edited draft as a draft of its own, marked as a conflict copy.
    ///
    /// Its id comes from the draft's id and the losing version's stamp, so every device that meets the same
    /// conflict makes the same copy, and the copies that reach each other merge into one.
    private mutating func keepConflictCopy(_ db: Database, of loser: Draft) throws {
        var copy = loser
        copy.id = Self.conflictCopyID(of: loser.id, stamp: loser.hlc)
        copy.conflictOf = loser.id
        copy.revision = 1
        copy.deleted = false
        copy.createdAt = loser.updatedAt
        guard try DraftRow.fetch(db, id: copy.id) == nil else { return }
        try write(db, copy, versions: DraftVersions(counts: [loser.hlc.deviceID: 1]), inserting: true)
        try ChangeLog.append(db, .draft, copy.id, .create, clock.now())
        if !logsChanges { try ContentDigest.restate(db, .draft, copy.id, in: &digestChange) }
        conflicts += 1
    }

    static func conflictCopyID(of id: EntityID, stamp: HybridTimestamp) -> EntityID {
        EntityID.nameBased("parley conflict copy\n\(id.rawValue)\n\(stamp)")
    }

    private func write(_ db: Database, _ draft: Draft, versions: DraftVersions, inserting: Bool) throws {
        let toolCalls = try DraftRow.encodedToolCalls(draft.toolCalls)
        let values: [DatabaseValueConvertible?] = [
            draft.conversationID.rawValue, draft.parentID?.rawValue, draft.kind.rawValue, draft.content,
            draft.reasoningContent, toolCalls, versions.revision, draft.interrupted, draft.conflictOf?.rawValue,
            draft.deleted, draft.createdAt, draft.updatedAt, draft.hlc.description, versions.encoded,
            draft.id.rawValue,
        ]
        try db.execute(
            sql: inserting
                ? """
                INSERT INTO draft (conversation_id, parent_id, kind, content, reasoning_content, tool_calls, revision,
                    interrupted, conflict_of, deleted, created_at, updated_at, hlc, versions, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
                : """
                UPDATE draft SET conversation_id = ?, parent_id = ?, kind = ?, content = ?, reasoning_content = ?,
                    tool_calls = ?, revision = ?, interrupted = ?, conflict_of = ?, deleted = ?, created_at = ?, updated_at = ?,
                    hlc = ?, versions = ?
                WHERE id = ?
                """,
            arguments: StatementArguments(values))
    }

    /// A conversation or draft changed in place: logged when merging from a file, else its digest term
    /// replaced now (the log it came from is another device's).
    private mutating func changed(
        _ db: Database, _ entity: ChangeEntity, _ id: EntityID, _ operation: ChangeOperation, _ stamp: HybridTimestamp
    ) throws {
        if logsChanges {
            try ChangeLog.append(db, entity, id, operation, stamp)
        } else {
            try ContentDigest.restate(db, entity, id, in: &digestChange)
        }
    }

    private func conversationDeleted(_ db: Database, _ id: EntityID) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT deleted FROM conversation WHERE id = ?"), arguments: [id.rawValue]) ?? false
    }

    private mutating func record(_ conversationID: EntityID) {
        appliedChanges += 1
        conversations.insert(conversationID)
    }
}
