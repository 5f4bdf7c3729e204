import GRDB
import ParleyCore

/// Stores conversations read from other tools' exports.
///
/// Each conversation is all or nothing: it is written in a savepoint of its own, so a damaged one is skipped
/// with its reason and leaves no trace, while a batch of them shares one commit. Ids are derived from the
/// source ids, so importing the same export again, or a newer one of the same account, adds only what is new,
/// and two machines that import the same export meet as one history when they sync. Everything stored is
/// logged like a local write (sync exports it) and indexed for search in the same transaction.
public struct ImportRepository: Sendable {
    let store: ParleyStore

    /// Stores `batch` and says what became of each conversation, in order. With `dryRun` nothing is kept, but
    /// the outcomes are those a real import would have.
    public func write(
        _ batch: [ImportedConversation], dryRun: Bool = false
    ) async throws(ParleyError)
        -> [ImportOutcome]
    {
        let clock = store.clock
        let plans: [Result<ImportPlan, ParleyError>] = batch.map { imported in
            do throws(ParleyError) {
                return .success(try ImportPlan(imported, clock: clock))
            } catch {
                return .failure(error)
            }
        }
        return try await store.write { db in
            var outcomes: [ImportOutcome] = []
            outcomes.reserveCapacity(batch.count)
            for (imported, plan) in zip(batch, plans) {
                switch plan {
                case let .failure(error):
                    outcomes.append(
                        ImportOutcome(
                            kind: .skipped(reason: error.description), sourceID: imported.sourceID,
                            conversationID: nil))
                case let .success(plan):
                    var outcome: ImportOutcome?
                    try db.inSavepoint {
                        outcome = try Self.store(db, plan, clock: clock)
                        return dryRun ? .rollback : .commit
                    }
                    if let outcome { outcomes.append(outcome) }
                }
            }
            return outcomes
        }
    }

    // MARK: - Writing

    private static func store(_ db: Database, _ plan: ImportPlan, clock: HybridLogicalClock) throws -> ImportOutcome {
        let conversation = plan.conversation
        let stored = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT deleted, head_message_id FROM conversation WHERE id = ?"),
            arguments: [conversation.id.rawValue])
        if let stored, stored["deleted"] as Bool {
            return ImportOutcome(
                kind: .unchanged, sourceID: conversation.sourceID ?? "", conversationID: conversation.id,
                messagesUnchanged: plan.messages.count)
        }
        if stored == nil {
            let settings = try MessageWriter.encodeJSON(conversation.settings, field: "settings")
            try ConversationRow.insert(db, conversation, stamps: plan.stamps, settings: settings)
            try ChangeLog.append(db, .conversation, conversation.id, .create, conversation.hlc)
        }
        var added = 0
        for message in plan.messages {
            guard let text = try MessageRow.insert(db, message, ifAbsent: true) else { continue }
            try db.cachedStatement(sql: "INSERT INTO message_search (rowid, content_text) VALUES (?, ?)")
                .execute(arguments: [db.lastInsertedRowID, text])
            try ChangeLog.append(db, .message, message.id, .create, message.hlc)
            added += 1
        }
        for usage in plan.usage where try UsageRow.insert(db, usage, ifAbsent: true) {
            try ChangeLog.append(db, .usage, usage.id, .create, usage.hlc)
        }
        let unchanged = plan.messages.count - added
        guard stored != nil else {
            return ImportOutcome(
                kind: .added, sourceID: conversation.sourceID ?? "", conversationID: conversation.id,
                messagesAdded: added, messagesUnchanged: unchanged)
        }
        guard added > 0 else {
            return ImportOutcome(
                kind: .unchanged, sourceID: conversation.sourceID ?? "", conversationID: conversation.id,
                messagesUnchanged: unchanged)
        }
        if let head = conversation.headMessageID, head.rawValue != stored?["head_message_id"] {
            let stamp = clock.now()
            try db.cachedStatement(
                sql: """
                    UPDATE conversation SET head_message_id = ?, head_hlc = ?, hlc = ?, updated_at = max(updated_at, ?)
                    WHERE id = ?
                    """
            ).execute(arguments: [
                head.rawValue, stamp.description, stamp.description, conversation.updatedAt, conversation.id.rawValue,
            ])
            try ChangeLog.append(db, .conversation, conversation.id, .update, stamp, fields: ["head_message_id"])
        }
        return ImportOutcome(
            kind: .updated, sourceID: conversation.sourceID ?? "", conversationID: conversation.id,
            messagesAdded: added, messagesUnchanged: unchanged)
    }
}
