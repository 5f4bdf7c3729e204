import Foundation
import GRDB
import ParleyCore

/// Reads messages back from rows.
enum MessageRow {
    static let columns = """
        id, conversation_id, parent_id, role, content_text, content_parts, reasoning_content, tool_calls, \
        tool_call_id, name, model, finish_reason, status, deleted, created_at, updated_at, hlc
        """

    /// ``columns`` prefixed with `message.`, for joins.
    static let qualifiedColumns = columns.split(separator: ",")
        .map { "message." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")

    static func decode(_ row: Row) throws -> Message {
        let parent: String? = row["parent_id"]
        let parts: String? = row["content_parts"]
        let toolCalls: String? = row["tool_calls"]
        let content: MessageContent =
            if let parts {
                .parts(try JSONCoding.decodeStored([JSONValue].self, from: parts, column: "message.content_parts"))
            } else {
                .text(row["content_text"])
            }
        return Message(
            id: EntityID(trusted: row["id"]),
            conversationID: EntityID(trusted: row["conversation_id"]),
            parentID: parent.map(EntityID.init(trusted:)),
            role: try MessageRole(validating: row["role"], field: "message.role"),
            content: content,
            reasoningContent: row["reasoning_content"],
            toolCalls: try toolCalls.map { text in
                try JSONCoding.decodeStored(JSONValue.self, from: text, column: "message.tool_calls")
            },
            toolCallID: row["tool_call_id"],
            name: row["name"],
            model: row["model"],
            finishReason: row["finish_reason"],
            status: try MessageStatus(validating: row["status"], field: "message.status"),
            deleted: row["deleted"],
            createdAt: row["created_at"],
            updatedAt: row["updated_at"],
            hlc: try HybridTimestamp(validating: row["hlc"], field: "message.hlc"))
    }

    static func fetch(_ db: Database, id: EntityID) throws -> Message? {
        // Cached: fetching one message by id is the daemon's most frequent query, and compiling it each time
        // cost about a tenth of serving it.
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM message WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id.rawValue]).map(decode)
    }

    /// A live message, or ``ParleyError/notFound(entity:id:)``.
    static func fetchLive(_ db: Database, id: EntityID) throws -> Message {
        guard let message = try fetch(db, id: id), !message.deleted else {
            throw ParleyError.notFound(entity: "message", id: id.rawValue)
        }
        return message
    }
}
