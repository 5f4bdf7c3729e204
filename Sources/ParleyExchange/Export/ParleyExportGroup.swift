import ParleyCore
import ParleyStore

/// One element of a Parley export's `conversations` array: a conversation's id and every entity state of it,
/// as sync carries them (`{"type": "message", "message": {…}}`…). The last element has no conversation id and
/// holds what belongs to no stored conversation.
///
/// ```json
/// {"format":"parley","version":1,"exported_at":"2026-12-02T10:00:00.000Z","conversations":[
/// {"conversation_id":"0f8e…","records":[{"type":"conversation",…},{"type":"message",…}]}
/// ]}
/// ```
struct ParleyExportGroup: Codable {
    static let formatVersion = 1

    var conversationID: EntityID?
    var records: [SyncRecord]

    enum CodingKeys: String, CodingKey {
        case records
        case conversationID = "conversation_id"
    }

    func records(name: String) -> ExportedRecords {
        ExportedRecords(
            name: conversationID.map { "\(name) (id \($0.rawValue))" } ?? "\(name) (records of no conversation)",
            conversationID: conversationID, records: records)
    }
}
