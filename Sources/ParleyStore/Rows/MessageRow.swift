import Foundation
import GRDB
import ParleyCore

/// Reads messages back from rows.
enum MessageRow {
    static let columns = """
        id, conversation_id, parent_id, role, content_text, content_parts, reasoning_content, tool_calls, \
        tool_call_id, name, model, finish_reason, status, deleted, created_at, updated_at, hlc, source, source_id
        """

    /// ``columns`` prefixed with `message.`, for joins.
    static let qualifiedColumns = columns.split(separator: ",")
        .map { "message." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")

    /// Decodes a row that selected ``columns``, by position: looking each column up by name lowercased the
    /// name on every read and cost a fifth of fetching a message.
    static func decode(_ row: Row) throws -> Message {
        let parent: String? = row[2]
        let parts: String? = row[5]
        let toolCalls: String? = row[7]
        let content: MessageContent =
            if let parts {
                .parts(try JSONCoding.decodeStored([JSONValue].self, from: parts, column: "message.content_parts"))
            } else {
                .text(row[4])
            }
        return Message(
            id: EntityID(trusted: row[0]),
            conversationID: EntityID(trusted: row[1]),
            parentID: parent.map(EntityID.init(trusted:)),
            role: try MessageRole(validating: row[3], field: "message.role"),
            content: content,
            reasoningContent: row[6],
            toolCalls: try toolCalls.map { text in
                try JSONCoding.decodeStored(JSONValue.self, from: text, column: "message.tool_calls")
            },
            toolCallID: row[8],
            name: row[9],
            model: row[10],
            finishReason: row[11],
            source: row[17],
            sourceID: row[18],
            status: try MessageStatus(validating: row[12], field: "message.status"),
            deleted: row[13],
            createdAt: row[14],
            updatedAt: row[15],
            hlc: try HybridTimestamp(validating: row[16], field: "message.hlc"))
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

    /// Built once, not on every insert.
    private static let insertSQL =
        "INSERT INTO message (\(columns)) VALUES (" + Array(repeating: "?", count: 19).joined(separator: ", ") + ")"
    private static let insertIfAbsentSQL = insertSQL + " ON CONFLICT (id) DO NOTHING"

    /// Inserts a message (not its search entry); with `ifAbsent`, a message whose id is already stored is left
    /// as it is. Returns the text the search index reads, or nil when nothing was written.
    static func insert(_ db: Database, _ message: Message, ifAbsent: Bool = false) throws -> String? {
        let (contentText, contentParts) = try MessageWriter.storedContent(message.content)
        let toolCalls = try message.toolCalls.map { calls throws(ParleyError) in
            try MessageWriter.encodeJSON(calls, field: "tool_calls")
        }
        try db.cachedStatement(
            sql: ifAbsent ? insertIfAbsentSQL : insertSQL
        ).execute(arguments: [
            message.id.rawValue, message.conversationID.rawValue, message.parentID?.rawValue,
            message.role.rawValue, contentText, contentParts, message.reasoningContent, toolCalls, message.toolCallID,
            message.name, message.model, message.finishReason, message.status.rawValue, message.deleted,
            message.createdAt, message.updatedAt, message.hlc.description, message.source, message.sourceID,
        ])
        return db.changesCount == 1 ? contentText : nil
    }
}
