import GRDB
import ParleyCore

/// Reads conversations and their tags back from rows.
enum ConversationRow {
    static let columns =
        "row_id, id, title, model, settings, pinned, archived, head_message_id, deleted, source, source_id, created_at, "
        + "updated_at, hlc"

    static func decode(_ row: Row, tags: [String]) throws -> Conversation {
        let settingsText: String = row["settings"]
        let head: String? = row["head_message_id"]
        return Conversation(
            id: EntityID(trusted: row["id"]),
            title: row["title"],
            model: row["model"],
            // Most conversations keep the defaults; decoding "{}" with JSONDecoder was a fifth of reading one.
            settings: settingsText == "{}"
                ? GenerationSettings()
                : try JSONCoding.decodeStored(GenerationSettings.self, from: settingsText, column: "settings"),
            tags: tags,
            pinned: row["pinned"],
            archived: row["archived"],
            headMessageID: head.map(EntityID.init(trusted:)),
            deleted: row["deleted"],
            source: row["source"],
            sourceID: row["source_id"],
            createdAt: row["created_at"],
            updatedAt: row["updated_at"],
            hlc: try HybridTimestamp(validating: row["hlc"], field: "conversation.hlc"))
    }

    static func fetch(_ db: Database, id: EntityID) throws -> Conversation? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(columns) FROM conversation WHERE id = ?"), arguments: [id.rawValue])
        else { return nil }
        let tags = try String.fetchAll(
            db.cachedStatement(sql: "SELECT tag FROM conversation_tag WHERE conversation_id = ? ORDER BY position"),
            arguments: [id.rawValue])
        return try decode(row, tags: tags)
    }

    /// Inserts a whole conversation state with its tags, live (the caller marks it deleted afterwards, so the
    /// search trigger also takes out its messages), and logs nothing: sync's merge and imports each decide.
    static func insert(
        _ db: Database, _ conversation: Conversation, stamps: ConversationFieldStamps, settings: String
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO conversation (id, title, model, settings, pinned, archived, head_message_id, deleted,
                    source, source_id, created_at, updated_at, hlc, title_hlc, model_hlc, settings_hlc, tags_hlc,
                    pinned_hlc, archived_hlc, head_hlc, deleted_hlc)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            conversation.id.rawValue, conversation.title, conversation.model, settings, conversation.pinned,
            conversation.archived, conversation.headMessageID?.rawValue, conversation.source, conversation.sourceID,
            conversation.createdAt, conversation.updatedAt, conversation.hlc.description,
            stamps.title.description, stamps.model.description, stamps.settings.description,
            stamps.tags.description, stamps.pinned.description, stamps.archived.description,
            stamps.head.description, stamps.deleted.description,
        ])
        if !conversation.tags.isEmpty { try replaceTags(db, id: conversation.id, tags: conversation.tags) }
    }

    /// Whether a conversation (live or deleted) has this id.
    static func exists(_ db: Database, id: EntityID) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM conversation WHERE id = ?"), arguments: [id.rawValue]) != nil
    }

    /// A live (not deleted) conversation, or ``ParleyError/notFound(entity:id:)``.
    static func fetchLive(_ db: Database, id: EntityID) throws -> Conversation {
        guard let conversation = try fetch(db, id: id), !conversation.deleted else {
            throw ParleyError.notFound(entity: "conversation", id: id.rawValue)
        }
        return conversation
    }

    static func tags(_ db: Database, for ids: [String]) throws -> [String: [String]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT conversation_id, tag FROM conversation_tag WHERE conversation_id IN ("
                + databaseQuestionMarks(count: ids.count) + ") ORDER BY conversation_id, position",
            arguments: StatementArguments(ids))
        var result: [String: [String]] = [:]
        for row in rows { result[row["conversation_id"], default: []].append(row["tag"]) }
        return result
    }

    static func replaceTags(_ db: Database, id: EntityID, tags: [String]) throws {
        try db.execute(sql: "DELETE FROM conversation_tag WHERE conversation_id = ?", arguments: [id.rawValue])
        for (position, tag) in tags.enumerated() {
            try db.execute(
                sql: "INSERT INTO conversation_tag (conversation_id, tag, position) VALUES (?, ?, ?)",
                arguments: [id.rawValue, tag, position])
        }
    }
}
