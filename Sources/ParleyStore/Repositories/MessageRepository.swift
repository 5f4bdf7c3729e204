import GRDB
import ParleyCore

/// Appends messages to conversation trees and reads branches back. Messages are never overwritten: an edit
/// or a regenerated answer is a new sibling, and deletion is a tombstone.
public struct MessageRepository: Sendable {
    let store: ParleyStore

    /// Appends a message (after the head unless told otherwise) and moves the conversation's head to it.
    public func append(_ new: NewMessage) async throws(ParleyError) -> Message {
        try new.validate()
        let writer = MessageWriter(clock: store.clock)
        return try await store.write { db in try writer.append(db, new) }
    }

    /// Appends many messages in one transaction, in order (an import): all are stored, or none.
    ///
    /// Each message is placed as ``append(_:)`` would place it, so a batch of one conversation's messages with
    /// the default `.head` parent forms one branch.
    public func appendBatch(_ batch: [NewMessage]) async throws(ParleyError) -> [Message] {
        for (index, new) in batch.enumerated() {
            do {
                try new.validate()
            } catch let .invalidValue(field, value, rule) {
                throw .invalidValue(field: "messages[\(index)].\(field)", value: value, rule: rule)
            }
        }
        let writer = MessageWriter(clock: store.clock)
        return try await store.write { db in try writer.appendBatch(db, batch) }
    }

    /// Edits a message by appending a sibling with the same role and parent and the new content; the original
    /// stays on its own branch.
    public func edit(_ id: EntityID, content: MessageContent) async throws(ParleyError) -> Message {
        try content.validate()
        let writer = MessageWriter(clock: store.clock)
        return try await store.write { db in
            let original = try MessageRow.fetchLive(db, id: id)
            return try writer.append(
                db,
                NewMessage(
                    conversationID: original.conversationID, role: original.role, content: content,
                    parent: .siblingOf(id), name: original.name))
        }
    }

    public func get(_ id: EntityID, includeDeleted: Bool = false) async throws(ParleyError) -> Message {
        try fetch(id, includeDeleted: includeDeleted)
    }

    /// ``get(_:includeDeleted:)`` without suspending: one indexed read on the caller's thread, for a daemon
    /// that answers it straight from the event loop that read the request.
    public func fetch(_ id: EntityID, includeDeleted: Bool = false) throws(ParleyError) -> Message {
        try store.readOneStatement { db in
            guard let message = try MessageRow.fetch(db, id: id), includeDeleted || !message.deleted else {
                throw ParleyError.notFound(entity: "message", id: id.rawValue)
            }
            return message
        }
    }

    /// The branch from the root to `leaf` (default: the conversation's head), in order. Deleted messages on the
    /// way are left out unless `includeDeleted`.
    public func path(
        conversationID: EntityID, to leaf: EntityID? = nil, includeDeleted: Bool = false
    ) async throws(ParleyError) -> [Message] {
        try await store.read { db in
            let conversation = try ConversationRow.fetchLive(db, id: conversationID)
            let start: EntityID
            if let leaf {
                try MessageWriter.requireMessage(db, leaf, in: conversationID, field: "leaf_id")
                start = leaf
            } else if let head = conversation.headMessageID {
                start = head
            } else {
                return []
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE branch(id, parent_id, depth) AS (
                        SELECT id, parent_id, 0 FROM message WHERE id = ?
                        UNION ALL
                        SELECT message.id, message.parent_id, branch.depth + 1
                        FROM message JOIN branch ON message.id = branch.parent_id
                        WHERE branch.depth < 1000000
                    )
                    SELECT \(MessageRow.qualifiedColumns)
                    FROM branch JOIN message ON message.id = branch.id
                    ORDER BY branch.depth DESC
                    """,
                arguments: [start.rawValue])
            return try rows.map(MessageRow.decode).filter { includeDeleted || !$0.deleted }
        }
    }

    /// Every message of a conversation, every branch, oldest first.
    public func tree(conversationID: EntityID, includeDeleted: Bool = false) async throws(ParleyError) -> [Message] {
        try await store.read { db in
            _ = try ConversationRow.fetchLive(db, id: conversationID)
            return try Row.fetchAll(
                db,
                sql: "SELECT \(MessageRow.columns) FROM message WHERE conversation_id = ?"
                    + (includeDeleted ? "" : " AND deleted = 0") + " ORDER BY created_at, row_id",
                arguments: [conversationID.rawValue]
            ).map(MessageRow.decode)
        }
    }

    /// Tombstones a message: it leaves branches and search results. When it was the head, the head moves to
    /// its nearest live ancestor. Its replies stay, reachable through the tree.
    public func delete(_ id: EntityID) async throws(ParleyError) -> Message {
        let clock = store.clock
        return try await store.write { db in
            var message = try MessageRow.fetchLive(db, id: id)
            let stamp = clock.now()
            try db.execute(
                sql: "UPDATE message SET deleted = 1, updated_at = ?, hlc = ? WHERE id = ?",
                arguments: [stamp.milliseconds, stamp.description, id.rawValue])
            try ChangeLog.append(db, .message, id, .delete, stamp)
            let head = try String.fetchOne(
                db, sql: "SELECT head_message_id FROM conversation WHERE id = ?",
                arguments: [message.conversationID.rawValue])
            if head == id.rawValue {
                let newHead = try Self.nearestLiveAncestor(db, of: message)
                try ConversationRepository.stampFields(
                    db, id: message.conversationID,
                    changes: [("head_message_id", newHead?.rawValue.databaseValue ?? .null)],
                    stampedFields: ["head_message_id"], stamp: stamp)
                try ChangeLog.append(
                    db, .conversation, message.conversationID, .update, stamp, fields: ["head_message_id"])
            }
            message.deleted = true
            message.updatedAt = stamp.milliseconds
            message.hlc = stamp
            return message
        }
    }

    private static func nearestLiveAncestor(_ db: Database, of message: Message) throws -> EntityID? {
        var next = message.parentID
        var visited = Set<EntityID>()
        while let id = next, visited.insert(id).inserted {
            guard let parent = try MessageRow.fetch(db, id: id) else { return nil }
            if !parent.deleted { return id }
            next = parent.parentID
        }
        return nil
    }
}
