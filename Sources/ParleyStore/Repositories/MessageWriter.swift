import GRDB
import ParleyCore

/// Appends one message inside a caller's write transaction: resolves its parent, inserts it and indexes it for
/// search, moves the conversation's head, and logs both changes.
///
/// Shared by ``MessageRepository`` and by conversation creation (for the root system message).
struct MessageWriter {
    let clock: HybridLogicalClock

    func append(_ db: Database, _ new: NewMessage) throws -> Message {
        let head = try liveHead(db, of: new.conversationID)
        let message = try insert(db, new, head: head)
        try moveHead(db, of: new.conversationID, to: message)
        return message
    }

    /// Appends messages in order within one transaction, moving each conversation's head once at the end;
    /// each message is placed as ``append(_:_:)`` would place it.
    func appendBatch(_ db: Database, _ batch: [NewMessage]) throws -> [Message] {
        var heads: [EntityID: EntityID?] = [:]
        var newest: [EntityID: Message] = [:]
        var order: [EntityID] = []
        let messages = try batch.map { new in
            let conversationID = new.conversationID
            if heads[conversationID] == nil {
                heads[conversationID] = .some(try liveHead(db, of: conversationID))
                order.append(conversationID)
            }
            let message = try insert(db, new, head: heads[conversationID] ?? nil)
            heads[conversationID] = .some(message.id)
            newest[conversationID] = message
            return message
        }
        for conversationID in order {
            if let message = newest[conversationID] { try moveHead(db, of: conversationID, to: message) }
        }
        return messages
    }

    /// The head of a live conversation, or ``ParleyError/notFound(entity:id:)``.
    private func liveHead(_ db: Database, of conversationID: EntityID) throws -> EntityID? {
        guard
            let conversation = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT head_message_id, deleted FROM conversation WHERE id = ?"),
                arguments: [conversationID.rawValue]),
            !(conversation["deleted"] as Bool)
        else {
            throw ParleyError.notFound(entity: "conversation", id: conversationID.rawValue)
        }
        let head: String? = conversation["head_message_id"]
        return head.map(EntityID.init(trusted:))
    }

    /// Inserts the message, adds it to the search index and logs it.
    ///
    /// The index entry is its own plain statement rather than a trigger: a statement that fires a trigger
    /// runs in a statement savepoint, and FTS5 flushes its pending terms to a new segment at every savepoint,
    /// so a trigger made each message of a group commit write a segment of its own.
    private func insert(_ db: Database, _ new: NewMessage, head: EntityID?) throws -> Message {
        let conversationID = new.conversationID
        let parentID = try resolveParent(db, new.parent, head: head, in: conversationID)
        let stamp = clock.now()
        let id = new.id ?? EntityID.generate()
        let message = Message(
            id: id, conversationID: conversationID, parentID: parentID, role: new.role, content: new.content,
            reasoningContent: new.reasoningContent, toolCalls: new.toolCalls, toolCallID: new.toolCallID,
            name: new.name, model: new.model, finishReason: new.finishReason, source: new.source, status: new.status,
            createdAt: stamp.milliseconds, updatedAt: stamp.milliseconds, hlc: stamp)
        let contentText = try MessageRow.insert(db, message)
        try db.cachedStatement(sql: "INSERT INTO message_search (rowid, content_text) VALUES (?, ?)")
            .execute(arguments: [db.lastInsertedRowID, contentText])
        try ChangeLog.append(db, .message, id, .create, stamp)
        return message
    }

    /// Points the conversation's head at `message`, stamped with the message's own stamp, and logs it.
    private func moveHead(_ db: Database, of conversationID: EntityID, to message: Message) throws {
        let stamp = message.hlc.description
        try db.cachedStatement(
            sql: "UPDATE conversation SET head_message_id = ?, head_hlc = ?, hlc = ?, updated_at = ? WHERE id = ?"
        ).execute(arguments: [message.id.rawValue, stamp, stamp, message.createdAt, conversationID.rawValue])
        try ChangeLog.append(
            db, .conversation, conversationID, .update, message.hlc, fields: ["head_message_id"])
    }

    private func resolveParent(
        _ db: Database, _ choice: ParentChoice, head: EntityID?, in conversationID: EntityID
    ) throws -> EntityID? {
        switch choice {
        case .head:
            return head
        case .root:
            return nil
        case let .message(id):
            try Self.requireMessage(db, id, in: conversationID, field: "parent_id")
            return id
        case let .siblingOf(id):
            return try Self.requireMessage(db, id, in: conversationID, field: "sibling_of").parentID
        }
    }

    /// A live message of `conversationID`; an error names `field` when it belongs to another conversation.
    @discardableResult
    static func requireMessage(
        _ db: Database, _ id: EntityID, in conversationID: EntityID, field: String
    ) throws -> Message {
        let message = try MessageRow.fetchLive(db, id: id)
        guard message.conversationID == conversationID else {
            throw ParleyError.invalidValue(
                field: field, value: id.rawValue,
                rule: "must be a message of conversation \(conversationID) (it belongs to \(message.conversationID))")
        }
        return message
    }

    /// The text the search index reads, and the parts array as JSON when the content has parts.
    static func storedContent(_ content: MessageContent) throws(ParleyError) -> (String, String?) {
        switch content {
        case let .text(text): (text, nil)
        case let .parts(parts): (content.searchableText, try encodeJSON(parts, field: "content"))
        }
    }

    static func encodeJSON(_ value: some Encodable, field: String) throws(ParleyError) -> String {
        do {
            return try JSONCoding.encode(value)
        } catch {
            throw .invalidValue(field: field, value: "\(value)", rule: "must be encodable as JSON: \(error)")
        }
    }
}
