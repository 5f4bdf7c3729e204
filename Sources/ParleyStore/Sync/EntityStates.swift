import GRDB
import ParleyCore

/// Reads the current state of an entity as sync carries it: a conversation with its field stamps, a draft
/// with its version vector.
enum EntityStates {
    static func record(_ db: Database, _ entity: ChangeEntity, _ id: EntityID) throws -> SyncRecord? {
        switch entity {
        case .conversation: try conversation(db, id)
        case .message: try MessageRow.fetch(db, id: id).map(SyncRecord.message)
        case .draft: try draft(db, id)
        case .usage: try UsageRow.fetch(db, id: id).map(SyncRecord.usage)
        }
    }

    static func conversation(_ db: Database, _ id: EntityID) throws -> SyncRecord? {
        guard let conversation = try ConversationRow.fetch(db, id: id),
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT title_hlc, model_hlc, settings_hlc, tags_hlc, pinned_hlc, archived_hlc, head_hlc,
                            deleted_hlc
                        FROM conversation WHERE id = ?
                        """),
                arguments: [id.rawValue])
        else { return nil }
        func stamp(_ column: String) throws -> HybridTimestamp {
            try HybridTimestamp(validating: row[column], field: "conversation.\(column)")
        }
        let stamps = ConversationFieldStamps(
            title: try stamp("title_hlc"), model: try stamp("model_hlc"), settings: try stamp("settings_hlc"),
            tags: try stamp("tags_hlc"), pinned: try stamp("pinned_hlc"), archived: try stamp("archived_hlc"),
            head: try stamp("head_hlc"), deleted: try stamp("deleted_hlc"))
        return .conversation(conversation, stamps: stamps)
    }

    static func draft(_ db: Database, _ id: EntityID) throws -> SyncRecord? {
        guard let draft = try DraftRow.fetch(db, id: id) else { return nil }
        return .draft(draft, versions: try DraftVersions.fetch(db, draft: draft).counts)
    }
}
