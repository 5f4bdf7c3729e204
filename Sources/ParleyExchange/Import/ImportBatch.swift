import ParleyStore

/// Conversations read and mapped, ready to store together: the unit the reading thread hands to the writer.
struct ImportBatch: Sendable {
    enum Content: Sendable {
        case conversations([ImportedConversation])
        case records([ExportedRecords])
    }

    var content: Content
    /// Where each conversation sits in the export, in the same order, for the summary.
    var items: [String]
    /// Items that could not be read at all (not JSON, not this format's shape).
    var unreadable: [ImportSummary.Skipped] = []
    /// Conversations in the whole export, when known.
    var total: Int?
}
