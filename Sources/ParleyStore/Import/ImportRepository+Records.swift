import GRDB
import ParleyCore

extension ImportRepository {
    /// Merges entity states read from a Parley export, one group per conversation, each group all or nothing.
    ///
    /// The states keep their ids and stamps and merge by sync's rules, so importing an export into an empty
    /// store rebuilds the same content digest, importing it twice changes nothing, and importing it into a store
    /// that has moved on since keeps the newer of each field. Every change is logged, so sync passes it on.
    /// A group with a record that breaks a rule, or a stamp too far in the future, is skipped with the reason.
    public func merge(
        _ groups: [ExportedRecords], dryRun: Bool = false
    ) async throws(ParleyError)
        -> [ImportOutcome]
    {
        let clock = store.clock
        var checked: [Result<ExportedRecords, ParleyError>] = []
        checked.reserveCapacity(groups.count)
        for group in groups {
            do throws(ParleyError) {
                for (index, record) in group.records.enumerated() {
                    try SyncRecordRules.validate(record, field: "records[\(index)]")
                    for stamp in record.stamps { try clock.check(stamp, field: "records[\(index)].hlc") }
                }
                checked.append(.success(group))
            } catch {
                checked.append(.failure(error))
            }
        }
        let results = checked
        return try await store.write { db in
            var outcomes: [ImportOutcome] = []
            for (group, result) in zip(groups, results) {
                if case let .failure(error) = result {
                    outcomes.append(
                        ImportOutcome(
                            kind: .skipped(reason: error.description), sourceID: group.name,
                            conversationID: group.conversationID))
                    continue
                }
                var outcome: ImportOutcome?
                try db.inSavepoint {
                    let existed = try group.conversationID.map { try ConversationRow.exists(db, id: $0) } ?? true
                    for stamp in group.records.flatMap(\.stamps) { try clock.receive(stamp) }
                    var merger = SyncMerger(clock: clock, logsChanges: true)
                    for record in group.records { try merger.apply(db, record) }
                    let messages = group.records.filter { $0.entity == .message }.count
                    let kind: ImportOutcome.Kind =
                        !existed ? .added : merger.appliedChanges > 0 ? .updated : .unchanged
                    outcome = ImportOutcome(
                        kind: kind, sourceID: group.name, conversationID: group.conversationID,
                        messagesAdded: merger.insertedMessages,
                        messagesUnchanged: messages - merger.insertedMessages)
                    return dryRun ? .rollback : .commit
                }
                if let outcome { outcomes.append(outcome) }
            }
            return outcomes
        }
    }
}

/// The states of one conversation as a Parley export holds them (or, with no conversation, the records that
/// belong to none).
public struct ExportedRecords: Sendable {
    /// What the import summary calls it: the conversation's id, or where the group sits in the file.
    public var name: String
    public var conversationID: EntityID?
    public var records: [SyncRecord]

    public init(name: String, conversationID: EntityID?, records: [SyncRecord]) {
        self.name = name
        self.conversationID = conversationID
        self.records = records
    }
}
