import GRDB
import ParleyCore
import ParleyStore

/// The ≤0.31 generation of llm's log: a `conversations` row per chat and a `responses` row per turn, each turn
/// holding the user's prompt and the model's answer, mapped to one linear chain per conversation.
///
/// Per turn the chain gets: a system message when the system prompt (with its system fragments) changes, the
/// tool results the turn sent, the user's prompt (with its fragments and attachments), and the answer.
struct LLMLegacyResponses {
    /// One conversation to produce: a `conversations` row with its responses in id order, or a response whose
    /// `conversation_id` names no conversation, alone.
    struct Item {
        var conversationID: String?
        var responseRowIDs: [Int64]
        var responseIDs: [String?]
    }

    let schema: LLMLogsSchema
    /// `tool_calls` and `tool_results` rows by response id: neither table has an index on `response_id`, so a
    /// query per response would scan the whole table.
    private var toolCallRows: [String: [Int64]] = [:]
    private var toolResultRows: [String: [Int64]] = [:]

    init(_ db: Database, schema: LLMLogsSchema) throws {
        self.schema = schema
        toolCallRows = try Self.rowsByResponse(db, table: "tool_calls", schema: schema)
        toolResultRows = try Self.rowsByResponse(db, table: "tool_results", schema: schema)
    }

    private static func rowsByResponse(
        _ db: Database, table: String, schema: LLMLogsSchema
    ) throws -> [String: [Int64]] {
        guard schema.has(table, "response_id") else { return [:] }
        var rows: [String: [Int64]] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT rowid, response_id FROM \(table) ORDER BY rowid")
        while let row = try cursor.next() {
            guard let responseID = row.llmText("response_id"), let rowID = row[0] as Int64? else { continue }
            rows[responseID, default: []].append(rowID)
        }
        return rows
    }

    /// The conversations to produce, in the order their first turns were written; `skip` says whether a
    /// conversation is imported through the 0.32+ tables instead.
    func items(_ db: Database, skip: (Item) throws -> Bool) throws -> [Item] {
        var known = Set<String>()
        if schema.has("conversations") {
            known = Set(try String.fetchAll(db, sql: "SELECT id FROM conversations WHERE id IS NOT NULL"))
        }
        var items: [Item] = []
        var indexByConversation: [String: Int] = [:]
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT rowid, id, \(schema.selectList(["conversation_id"], of: "responses")) FROM responses "
                + "ORDER BY id, rowid")
        while let row = try cursor.next() {
            guard let rowID = row[0] as Int64? else { continue }
            let responseID = row.llmNonEmptyText("id")
            if let conversationID = row.llmText("conversation_id"), known.contains(conversationID) {
                if let index = indexByConversation[conversationID] {
                    items[index].responseRowIDs.append(rowID)
                    items[index].responseIDs.append(responseID)
                } else {
                    indexByConversation[conversationID] = items.count
                    items.append(
                        Item(conversationID: conversationID, responseRowIDs: [rowID], responseIDs: [responseID]))
                }
            } else {
                items.append(Item(conversationID: nil, responseRowIDs: [rowID], responseIDs: [responseID]))
            }
        }
        return try items.filter { try !skip($0) }
    }

    /// What the item is called in a failure: its conversation, else its response.
    static func name(of item: Item) -> String {
        if let id = item.conversationID { return "conversation \(id)" }
        return "response " + (item.responseIDs.first.flatMap { $0 } ?? "row \(item.responseRowIDs.first ?? 0)")
    }

    /// The item's conversation: one linear chain of its turns.
    func conversation(_ db: Database, item: Item) throws -> ImportedConversation {
        var conversationTitle = ""
        var conversationModel: String?
        if let id = item.conversationID {
            let row = try Row.fetchOne(
                db,
                sql: "SELECT \(schema.selectList(["name", "model"], of: "conversations")) FROM conversations "
                    + "WHERE id = ?", arguments: [id])
            conversationTitle = row?.llmText("name") ?? ""
            conversationModel = row?.llmNonEmptyText("model")
        }
        var chain = LLMLegacyChain()
        let columns = [
            "id", "model", "resolved_model", "prompt", "system", "response", "response_json", "duration_ms",
            "datetime_utc", "input_tokens", "output_tokens", "token_details", "reasoning",
        ]
        let sql = "SELECT \(schema.selectList(columns, of: "responses")) FROM responses WHERE rowid = ?"
        for rowID in item.responseRowIDs {
            guard let row = try Row.fetchOne(db, cachedSQL: sql, arguments: [rowID]) else { continue }
            guard let id = row.llmNonEmptyText("id") else {
                throw ImportItemFailure(
                    "responses row \(rowID): id is \(row.llmText("id").map { "\"\($0)\"" } ?? "null"), "
                        + "which cannot name a message (llm gives every response a ULID)")
            }
            try chain.append(
                response: row, id: id,
                systemFragments: fragments(db, table: "system_fragments", response: id),
                promptFragments: fragments(db, table: "prompt_fragments", response: id),
                attachments: attachments(db, response: id),
                toolCalls: rows(
                    db, table: "tool_calls", ids: toolCallRows[id], columns: ["name", "arguments", "tool_call_id"]),
                toolResults: rows(
                    db, table: "tool_results", ids: toolResultRows[id],
                    columns: ["name", "output", "tool_call_id", "exception"]))
        }
        let sourceID = item.conversationID ?? item.responseIDs.first.flatMap { $0 } ?? ""
        return ImportedConversation(
            source: ImportFormat.llm.rawValue, sourceID: sourceID, title: conversationTitle,
            model: conversationModel ?? chain.firstModel, createdAt: chain.messages.first?.createdAt,
            updatedAt: chain.messages.last?.createdAt, headSourceID: chain.messages.last?.sourceID,
            messages: chain.messages)
    }

    /// The contents of a response's prompt or system fragments, in their order.
    private func fragments(_ db: Database, table: String, response: String) throws -> [String] {
        guard schema.has(table), schema.has("fragments") else { return [] }
        let rows = try Row.fetchAll(
            db,
            cachedSQL: "SELECT link.fragment_id AS fragment_id, fragments.id AS found, fragments.content AS content "
                + "FROM \(table) link LEFT JOIN fragments ON fragments.id = link.fragment_id "
                + "WHERE link.response_id = ? ORDER BY link.\"order\", link.rowid",
            arguments: [response])
        return try rows.map { row in
            guard row["found"] != nil else {
                throw ImportItemFailure(
                    "\(table) of response \(response) names fragment \(row.llmText("fragment_id") ?? "null"), "
                        + "which is not in fragments")
            }
            return row.llmText("content") ?? ""
        }
    }

    /// The attachments of a response's prompt as `llm.attachment` parts, in their order.
    private func attachments(_ db: Database, response: String) throws -> [JSONValue] {
        guard schema.has("prompt_attachments"), schema.has("attachments") else { return [] }
        let rows = try Row.fetchAll(
            db,
            cachedSQL:
                "SELECT link.attachment_id AS link_id, a.id AS id, a.type AS type, a.path AS path, a.url AS url, "
                + "CASE WHEN coalesce(a.path, '') = '' AND coalesce(a.url, '') = '' THEN a.content END AS content "
                + "FROM prompt_attachments link LEFT JOIN attachments a ON a.id = link.attachment_id "
                + "WHERE link.response_id = ? ORDER BY link.\"order\", link.rowid",
            arguments: [response])
        return try rows.map { row in
            guard row["id"] != nil else {
                throw ImportItemFailure(
                    "prompt_attachments of response \(response) names attachment "
                        + "\"\(row.llmText("link_id") ?? "null")\", which is not in attachments")
            }
            return LLMAttachmentPart.part(
                id: row.llmText("id"), mimeType: row.llmText("type"), path: row.llmText("path"),
                url: row.llmText("url"), content: row.llmBlob("content"))
        }
    }

    /// The rows of `table` at `ids`, with NULL for columns an older llm did not have.
    private func rows(_ db: Database, table: String, ids: [Int64]?, columns: [String]) throws -> [Row] {
        guard let ids, !ids.isEmpty else { return [] }
        let sql = "SELECT \(schema.selectList(columns, of: table)) FROM \(table) WHERE rowid = ?"
        return try ids.compactMap { try Row.fetchOne(db, cachedSQL: sql, arguments: [$0]) }
    }
}

extension Row {
    fileprivate static func fetchOne(
        _ db: Database, cachedSQL sql: String, arguments: StatementArguments
    ) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    fileprivate static func fetchAll(
        _ db: Database, cachedSQL sql: String, arguments: StatementArguments
    ) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
