import GRDB
import ParleyCore

/// Saves drafts with compare-and-set revisions: a save names the revision it started from, and a stale one is
/// refused with both revisions named, so no frontend silently overwrites another's text.
public struct DraftRepository: Sendable {
    let store: ParleyStore

    public func save(_ save: DraftSave) async throws(ParleyError) -> Draft {
        if let revision = save.revision, revision < 0 {
            throw .invalidValue(field: "revision", value: "\(revision)", rule: "must be 0 or more")
        }
        let clock = store.clock
        return try await store.write { db in
            _ = try ConversationRow.fetchLive(db, id: save.conversationID)
            if let parentID = save.parentID {
                try MessageWriter.requireMessage(db, parentID, in: save.conversationID, field: "parent_id")
            }
            let stamp = clock.now()
            if let id = save.id, let existing = try DraftRow.fetch(db, id: id) {
                guard !existing.deleted else {
                    throw ParleyError.invalidValue(
                        field: "id", value: id.rawValue, rule: "belongs to a deleted draft; save without an id")
                }
                return try Self.update(db, existing, with: save, stamp: stamp)
            }
            if let revision = save.revision, revision != 0 {
                throw ParleyError.revisionConflict(
                    draftID: save.id?.rawValue ?? "(new)", expected: revision, current: 0)
            }
            let id = save.id ?? EntityID.generate()
            let versions = DraftVersions(counts: [clock.deviceID: 1])
            try db.execute(
                sql: """
                    INSERT INTO draft (id, conversation_id, parent_id, kind, content, reasoning_content, tool_calls,
                        revision, interrupted, created_at, updated_at, hlc, versions)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id.rawValue, save.conversationID.rawValue, save.parentID?.rawValue, save.kind.rawValue,
                    save.content, save.reasoningContent, try DraftRow.encodedToolCalls(save.toolCalls),
                    save.interrupted,
                    stamp.milliseconds, stamp.milliseconds, stamp.description, versions.encoded,
                ])
            try ChangeLog.append(db, .draft, id, .create, stamp)
            return try DraftRow.fetch(db, id: id)!
        }
    }

    private static func update(
        _ db: Database, _ existing: Draft, with save: DraftSave, stamp: HybridTimestamp
    ) throws
        -> Draft
    {
        guard let revision = save.revision else {
            throw ParleyError.invalidValue(
                field: "revision", value: "(missing)",
                rule: "is required to change draft \(existing.id) (its current revision is \(existing.revision))")
        }
        guard revision == existing.revision else {
            throw ParleyError.revisionConflict(
                draftID: existing.id.rawValue, expected: revision, current: existing.revision)
        }
        guard existing.conversationID == save.conversationID else {
            throw ParleyError.invalidValue(
                field: "conversation_id", value: save.conversationID.rawValue,
                rule: "must stay \(existing.conversationID): a draft cannot move to another conversation")
        }
        guard existing.kind == save.kind else {
            throw ParleyError.invalidValue(
                field: "kind", value: save.kind.rawValue, rule: "must stay \(existing.kind.rawValue)")
        }
        let versions = try DraftVersions.fetch(db, draft: existing).saved(by: stamp.deviceID)
        try db.execute(
            sql: """
                UPDATE draft SET content = ?, reasoning_content = ?, tool_calls = ?, parent_id = ?, interrupted = ?,
                    revision = ?, versions = ?, updated_at = ?, hlc = ?
                WHERE id = ?
                """,
            arguments: [
                save.content, save.reasoningContent, try DraftRow.encodedToolCalls(save.toolCalls),
                save.parentID?.rawValue,
                save.interrupted, versions.revision, versions.encoded, stamp.milliseconds, stamp.description,
                existing.id.rawValue,
            ])
        try ChangeLog.append(
            db, .draft, existing.id, .update, stamp,
            fields: ["content", "reasoning_content", "tool_calls", "parent_id"])
        return try DraftRow.fetch(db, id: existing.id)!
    }

    public func get(_ id: EntityID) async throws(ParleyError) -> Draft {
        try fetch(id)
    }

    /// ``get(_:)`` without suspending, for a daemon that answers from its event loop.
    public func fetch(_ id: EntityID) throws(ParleyError) -> Draft {
        try store.readOneStatement { db in
            guard let draft = try DraftRow.fetch(db, id: id), !draft.deleted else {
                throw ParleyError.notFound(entity: "draft", id: id.rawValue)
            }
            return draft
        }
    }

    /// Live drafts, most recently saved first; of one conversation when given.
    public func list(conversationID: EntityID? = nil) async throws(ParleyError) -> [Draft] {
        try await store.read { db in
            let filter = conversationID == nil ? "" : " AND conversation_id = ?"
            return try Row.fetchAll(
                db,
                sql: "SELECT \(DraftRow.columns) FROM draft WHERE deleted = 0\(filter) ORDER BY updated_at DESC, id",
                arguments: StatementArguments(conversationID.map { [$0.rawValue] } ?? [])
            ).map(DraftRow.decode)
        }
    }

    /// Deletes a draft (a tombstone). With a revision, refuses when the draft changed since.
    public func delete(_ id: EntityID, revision: Int? = nil) async throws(ParleyError) -> Draft {
        let clock = store.clock
        return try await store.write { db in
            guard let draft = try DraftRow.fetch(db, id: id), !draft.deleted else {
                throw ParleyError.notFound(entity: "draft", id: id.rawValue)
            }
            if let revision, revision != draft.revision {
                throw ParleyError.revisionConflict(draftID: id.rawValue, expected: revision, current: draft.revision)
            }
            return try Self.tombstone(db, id, clock: clock)
        }
    }

    /// Marks a draft deleted and logs it, inside the caller's transaction. A deletion is a save like any other:
    /// it moves the revision, so sync can tell it from an edit made concurrently elsewhere.
    static func tombstone(_ db: Database, _ id: EntityID, clock: HybridLogicalClock) throws -> Draft {
        let stamp = clock.now()
        guard let draft = try DraftRow.fetch(db, id: id) else {
            throw ParleyError.notFound(entity: "draft", id: id.rawValue)
        }
        let versions = try DraftVersions.fetch(db, draft: draft).saved(by: stamp.deviceID)
        try db.execute(
            sql: "UPDATE draft SET deleted = 1, revision = ?, versions = ?, updated_at = ?, hlc = ? WHERE id = ?",
            arguments: [versions.revision, versions.encoded, stamp.milliseconds, stamp.description, id.rawValue])
        try ChangeLog.append(db, .draft, id, .delete, stamp)
        return try DraftRow.fetch(db, id: id)!
    }
}
