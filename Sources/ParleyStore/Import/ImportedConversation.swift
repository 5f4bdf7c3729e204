import ParleyCore

/// A conversation as an import reader found it in another tool's export, before it is stored: its whole tree
/// of messages, keyed by the ids the export gave them.
///
/// Readers map their format to this shape and nothing more; ``ImportRepository`` gives it Parley ids (derived
/// from the source ids, so importing the same export again finds what it stored before), checks it, and
/// stores it in one transaction.
public struct ImportedConversation: Sendable, Hashable {
    /// The format it came from (`chatgpt`, `llm`…), stored as the `source` of the conversation and its messages.
    public var source: String
    /// The conversation's id in the export; unique within `source`.
    public var sourceID: String
    /// Empty when the export has none: the store then makes one from the first user message.
    public var title: String
    /// The model the export names for the whole conversation, as written (`gpt-4o`, `deepseek-reasoner`).
    public var model: String?
    /// Milliseconds since 1970; nil when the export has no time (the oldest message's time is used).
    public var createdAt: Int64?
    public var updatedAt: Int64?
    public var tags: [String]
    public var pinned: Bool
    public var archived: Bool
    /// The source id of the leaf of the current branch; nil when the format has none (the newest leaf is used).
    public var headSourceID: String?
    /// Every message of every branch, in any order; a message's parent must be among them.
    public var messages: [ImportedMessage]

    public init(
        source: String, sourceID: String, title: String = "", model: String? = nil, createdAt: Int64? = nil,
        updatedAt: Int64? = nil, tags: [String] = [], pinned: Bool = false, archived: Bool = false,
        headSourceID: String? = nil, messages: [ImportedMessage] = []
    ) {
        self.source = source
        self.sourceID = sourceID
        self.title = title
        self.model = model
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.tags = tags
        self.pinned = pinned
        self.archived = archived
        self.headSourceID = headSourceID
        self.messages = messages
    }
}
