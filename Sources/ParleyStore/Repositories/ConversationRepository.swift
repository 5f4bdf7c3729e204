import GRDB
import ParleyCore

/// Creates, lists, changes and deletes conversations. Deletion is a tombstone, so it can be undone and synced.
public struct ConversationRepository: Sendable {
    let store: ParleyStore

    /// The most a listing returns in one page.
    public static let maximumPageSize = 500

    public func create(_ new: NewConversation) async throws(ParleyError) -> Conversation {
        let checked = try Self.checked(new)
        let clock = store.clock
        return try await store.write { db in try Self.insert(db, checked, clock: clock) }
    }

    /// A new conversation whose fields passed their rules, with the settings and tags as stored.
    struct CheckedConversation: Sendable {
        var new: NewConversation
        var settings: String
        var tags: [String]
    }

    static func checked(_ new: NewConversation) throws(ParleyError) -> CheckedConversation {
        var new = new
        new.title = try FieldRules.title(new.title)
        new.model = try FieldRules.model(new.model)
        let tags = try FieldRules.tags(new.tags)
        try new.settings.validate()
        try FieldRules.source(new.source)
        return CheckedConversation(new: new, settings: try encode(new.settings), tags: tags)
    }

    /// Inserts a checked conversation (and its system message) inside the caller's write transaction.
    static func insert(_ db: Database, _ checked: CheckedConversation, clock: HybridLogicalClock) throws -> Conversation
    {
        try ConversationRow.fetchLive(db, id: insertRow(db, checked, clock: clock))
    }

    /// ``insert(_:_:clock:)`` without reading the conversation back, for a caller that reads it once it has
    /// added to it.
    static func insertRow(_ db: Database, _ checked: CheckedConversation, clock: HybridLogicalClock) throws -> EntityID
    {
        let new = checked.new
        let stamp = clock.now()
        let id = new.id ?? EntityID.generate()
        if new.id != nil, try ConversationRow.exists(db, id: id) {
            throw ParleyError.invalidValue(field: "id", value: id.rawValue, rule: "is already a conversation's id")
        }
        let text = stamp.description
        try db.cachedStatement(
            sql: """
                INSERT INTO conversation (id, title, model, settings, source, created_at, updated_at, hlc,
                    title_hlc, model_hlc, settings_hlc, tags_hlc, pinned_hlc, archived_hlc, head_hlc, deleted_hlc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            id.rawValue, new.title, new.model, checked.settings, new.source, stamp.milliseconds,
            stamp.milliseconds, text, text, text, text, text, text, text, text, text,
        ])
        if !checked.tags.isEmpty { try ConversationRow.replaceTags(db, id: id, tags: checked.tags) }
        try ChangeLog.append(db, .conversation, id, .create, stamp)
        if let system = new.system {
            _ = try MessageWriter(clock: clock).append(
                db,
                NewMessage(
                    conversationID: id, role: .system, content: .text(system), parent: .root, source: new.source))
        }
        return id
    }

    /// A live conversation; deleted ones are not found unless `includeDeleted`.
    public func get(_ id: EntityID, includeDeleted: Bool = false) async throws(ParleyError) -> Conversation {
        try fetch(id, includeDeleted: includeDeleted)
    }

    /// ``get(_:includeDeleted:)`` without suspending, for a daemon that answers from its event loop.
    public func fetch(_ id: EntityID, includeDeleted: Bool = false) throws(ParleyError) -> Conversation {
        try store.readNow { db in
            guard let conversation = try ConversationRow.fetch(db, id: id), includeDeleted || !conversation.deleted
            else { throw ParleyError.notFound(entity: "conversation", id: id.rawValue) }
            return conversation
        }
    }

    /// Conversations by most recent activity first (the clock stamp of their last change), a page at a time.
    public func list(
        _ filter: ConversationFilter = ConversationFilter(), limit: Int = 50, cursor: String? = nil
    ) async throws(ParleyError) -> Page<Conversation> {
        let limit = try FieldRules.limit(limit, maximum: Self.maximumPageSize)
        let after = try cursor.map { text throws(ParleyError) in try Cursor(decoding: text) }
        var conditions = ["deleted = ?"]
        var arguments: StatementArguments = [filter.deleted]
        if let archived = filter.archived {
            conditions.append("archived = ?")
            _ = arguments.append(contentsOf: [archived])
        }
        if let tag = filter.tag {
            conditions.append("id IN (SELECT conversation_id FROM conversation_tag WHERE tag = ?)")
            _ = arguments.append(contentsOf: [tag])
        }
        if let after {
            conditions.append("(hlc < ? OR (hlc = ? AND id < ?))")
            let hlc = try after.string(0)
            let id = try after.string(1)
            _ = arguments.append(contentsOf: [hlc, hlc, id])
        }
        let sql =
            "SELECT \(ConversationRow.columns) FROM conversation WHERE " + conditions.joined(separator: " AND ")
            + " ORDER BY hlc DESC, id DESC LIMIT \(limit + 1)"
        let finalArguments = arguments
        return try await store.read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: finalArguments)
            let page = Array(rows.prefix(limit))
            let tags = try ConversationRow.tags(db, for: page.map { $0["id"] })
            let items = try page.map { row in try ConversationRow.decode(row, tags: tags[row["id"]] ?? []) }
            let last = rows.count > limit ? items.last : nil
            let next = last.map { Cursor([.string($0.hlc.description), .string($0.id.rawValue)]).encoded }
            return Page(items: items, nextCursor: next)
        }
    }

    /// Changes the given fields; each changed field gets a new clock stamp (sync merges fields one by one).
    public func update(_ id: EntityID, _ update: ConversationUpdate) async throws(ParleyError) -> Conversation {
        var assignments: [(column: String, value: (any DatabaseValueConvertible)?)] = []
        if let title = update.title { assignments.append(("title", try FieldRules.title(title))) }
        if let model = update.model { assignments.append(("model", try FieldRules.model(model))) }
        if let settings = update.settings {
            try settings.validate()
            assignments.append(("settings", try Self.encode(settings)))
        }
        if let pinned = update.pinned { assignments.append(("pinned", pinned)) }
        if let archived = update.archived { assignments.append(("archived", archived)) }
        let tags = try update.tags.map { tags throws(ParleyError) in try FieldRules.tags(tags) }
        let changes = assignments.map { ($0.column, $0.value?.databaseValue ?? .null) }
        let clock = store.clock
        return try await store.write { db in
            _ = try ConversationRow.fetchLive(db, id: id)
            let stamp = clock.now()
            var fields = changes.map(\.0)
            if let tags {
                try ConversationRow.replaceTags(db, id: id, tags: tags)
                fields.append("tags")
            }
            guard !fields.isEmpty else { return try ConversationRow.fetchLive(db, id: id) }
            try Self.stampFields(db, id: id, changes: changes, stampedFields: fields, stamp: stamp)
            try ChangeLog.append(db, .conversation, id, .update, stamp, fields: fields)
            return try ConversationRow.fetchLive(db, id: id)
        }
    }

    /// Moves a conversation to the trash (a tombstone); its messages stay stored but leave search results.
    public func delete(_ id: EntityID) async throws(ParleyError) -> Conversation {
        try await setDeleted(id, deleted: true)
    }

    /// Brings a deleted conversation back.
    public func restore(_ id: EntityID) async throws(ParleyError) -> Conversation {
        try await setDeleted(id, deleted: false)
    }

    private func setDeleted(_ id: EntityID, deleted: Bool) async throws(ParleyError) -> Conversation {
        let clock = store.clock
        return try await store.write { db in
            guard let current = try ConversationRow.fetch(db, id: id), !(deleted && current.deleted) else {
                throw ParleyError.notFound(entity: "conversation", id: id.rawValue)
            }
            if current.deleted == deleted { return current }
            let stamp = clock.now()
            try Self.stampFields(
                db, id: id, changes: [("deleted", deleted.databaseValue)], stampedFields: ["deleted"], stamp: stamp)
            try ChangeLog.append(db, .conversation, id, deleted ? .delete : .restore, stamp)
            return try ConversationRow.fetch(db, id: id)!
        }
    }

    /// Writes `changes` and moves the stamp of every field in `stampedFields`, the row's hlc and updated_at.
    static func stampFields(
        _ db: Database, id: EntityID, changes: [(String, DatabaseValue)], stampedFields: [String],
        stamp: HybridTimestamp
    ) throws {
        var sets = changes.map { "\($0.0) = ?" }
        var values: [DatabaseValue] = changes.map(\.1)
        for field in stampedFields {
            sets.append("\(field == "head_message_id" ? "head" : field)_hlc = ?")
            values.append(stamp.description.databaseValue)
        }
        sets.append(contentsOf: ["hlc = ?", "updated_at = ?"])
        values.append(contentsOf: [stamp.description.databaseValue, stamp.milliseconds.databaseValue])
        values.append(id.rawValue.databaseValue)
        try db.execute(
            sql: "UPDATE conversation SET " + sets.joined(separator: ", ") + " WHERE id = ?",
            arguments: StatementArguments(values))
    }

    private static func encode(_ settings: GenerationSettings) throws(ParleyError) -> String {
        if settings == GenerationSettings() { return "{}" }
        do {
            return try JSONCoding.encode(settings)
        } catch {
            throw .invalidValue(field: "settings", value: "\(settings)", rule: "must be encodable as JSON: \(error)")
        }
    }
}
