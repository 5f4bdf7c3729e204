import GRDB
import ParleyCore

/// Appends one message inside a caller's write transaction: resolves its parent, inserts it (the search index
/// follows by trigger), moves the conversation's head, and logs both changes.
///
/// Shared by ``MessageRepository`` and by conversation creation (for the root system message).
struct MessageWriter {
    let clock: HybridLogicalClock

    func append(_ db: Database, _ new: NewMessage) throws -> Message {
        let conversationID = new.conversationID
        guard
            let conversation = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT head_message_id, deleted FROM conversation WHERE id = ?"),
                arguments: [conversationID.rawValue]),
            !(conversation["deleted"] as Bool)
        else {
            throw ParleyError.notFound(entity: "conversation", id: conversationID.rawValue)
        }
        let head: String? = conversation["head_message_id"]
        let parentID = try resolveParent(db, new.parent, head: head.map(EntityID.init(trusted:)), in: conversationID)
        let stamp = clock.now()
        let id = EntityID.generate()
        let (contentText, contentParts) = try Self.storedContent(new.content)
        let toolCalls = try new.toolCalls.map { calls throws(ParleyError) in
            try Self.encodeJSON(calls, field: "tool_calls")
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO message (id, conversation_id, parent_id, role, content_text, content_parts,
                    reasoning_content, tool_calls, tool_call_id, name, model, finish_reason, status, created_at,
                    updated_at, hlc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            id.rawValue, conversationID.rawValue, parentID?.rawValue, new.role.rawValue, contentText, contentParts,
            new.reasoningContent, toolCalls, new.toolCallID, new.name, new.model, new.finishReason,
            new.status.rawValue, stamp.milliseconds, stamp.milliseconds, stamp.description,
        ])
        try db.cachedStatement(
            sql: "UPDATE conversation SET head_message_id = ?, head_hlc = ?, hlc = ?, updated_at = ? WHERE id = ?"
        ).execute(arguments: [
            id.rawValue, stamp.description, stamp.description, stamp.milliseconds, conversationID.rawValue,
        ])
        try ChangeLogReader.append(db, .message, id, .create, stamp)
        try ChangeLogReader.append(db, .conversation, conversationID, .update, stamp, fields: ["head_message_id"])
        return Message(
            id: id, conversationID: conversationID, parentID: parentID, role: new.role, content: new.content,
            reasoningContent: new.reasoningContent, toolCalls: new.toolCalls, toolCallID: new.toolCallID,
            name: new.name, model: new.model, finishReason: new.finishReason, status: new.status,
            createdAt: stamp.milliseconds, updatedAt: stamp.milliseconds, hlc: stamp)
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
