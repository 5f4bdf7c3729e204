import GRDB
import ParleyCore

/// Reads drafts back from rows.
enum DraftRow {
    static let columns = """
        id, conversation_id, parent_id, kind, content, reasoning_content, tool_calls, revision, interrupted, \
        conflict_of, deleted, created_at, updated_at, hlc
        """

    static func decode(_ row: Row) throws -> Draft {
        let parent: String? = row["parent_id"]
        let conflictOf: String? = row["conflict_of"]
        let toolCalls: String? = row["tool_calls"]
        return Draft(
            id: EntityID(trusted: row["id"]),
            conversationID: EntityID(trusted: row["conversation_id"]),
            parentID: parent.map(EntityID.init(trusted:)),
            kind: try DraftKind(validating: row["kind"], field: "draft.kind"),
            content: row["content"],
            reasoningContent: row["reasoning_content"],
            toolCalls: try toolCalls.map { text in
                try JSONCoding.decodeStored(JSONValue.self, from: text, column: "draft.tool_calls")
            },
            revision: row["revision"],
            interrupted: row["interrupted"],
            conflictOf: conflictOf.map(EntityID.init(trusted:)),
            deleted: row["deleted"],
            createdAt: row["created_at"],
            updatedAt: row["updated_at"],
            hlc: try HybridTimestamp(validating: row["hlc"], field: "draft.hlc"))
    }

    /// The `tool_calls` column's text, for a local save and a merge alike.
    static func encodedToolCalls(_ calls: JSONValue?) throws(ParleyError) -> String? {
        try calls.map { calls throws(ParleyError) in try MessageWriter.encodeJSON(calls, field: "tool_calls") }
    }

    static func fetch(_ db: Database, id: EntityID) throws -> Draft? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM draft WHERE id = ?", arguments: [id.rawValue]).map(decode)
    }
}
