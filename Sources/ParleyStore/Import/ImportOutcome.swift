import ParleyCore

/// What importing one conversation did.
public struct ImportOutcome: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// New to this store.
        case added
        /// Stored before; the export brought new messages, and the head moved to the export's.
        case updated
        /// Stored before with everything the export holds (or deleted here since: an import never restores).
        case unchanged
        /// Not stored: the reason names the field, the value and the rule.
        case skipped(reason: String)
    }

    public var kind: Kind
    /// The conversation's id in the export.
    public var sourceID: String
    /// Its Parley id; nil when skipped.
    public var conversationID: EntityID?
    public var messagesAdded: Int
    public var messagesUnchanged: Int

    public init(
        kind: Kind, sourceID: String, conversationID: EntityID?, messagesAdded: Int = 0, messagesUnchanged: Int = 0
    ) {
        self.kind = kind
        self.sourceID = sourceID
        self.conversationID = conversationID
        self.messagesAdded = messagesAdded
        self.messagesUnchanged = messagesUnchanged
    }
}
