/// The clock stamp of the last change of each conversation field that sync merges last-writer-wins.
public struct ConversationFieldStamps: Sendable, Hashable, Codable {
    public var title: HybridTimestamp
    public var model: HybridTimestamp
    public var settings: HybridTimestamp
    public var tags: HybridTimestamp
    public var pinned: HybridTimestamp
    public var archived: HybridTimestamp
    public var head: HybridTimestamp
    public var deleted: HybridTimestamp

    public init(
        title: HybridTimestamp, model: HybridTimestamp, settings: HybridTimestamp, tags: HybridTimestamp,
        pinned: HybridTimestamp, archived: HybridTimestamp, head: HybridTimestamp, deleted: HybridTimestamp
    ) {
        self.title = title
        self.model = model
        self.settings = settings
        self.tags = tags
        self.pinned = pinned
        self.archived = archived
        self.head = head
        self.deleted = deleted
    }

    /// Every stamp, for checks that apply to all of them.
    public var all: [HybridTimestamp] { [title, model, settings, tags, pinned, archived, head, deleted] }
}
