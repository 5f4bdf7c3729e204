/// A conversation: its settings and the pointer to the leaf of the branch the user is on.
public struct Conversation: Sendable, Hashable, Codable, Identifiable {
    /// The model a new conversation uses unless told otherwise.
    public static let defaultModel = "deepseek-v4-flash"

    public var id: EntityID
    public var title: String
    public var model: String
    public var settings: GenerationSettings
    public var tags: [String]
    public var pinned: Bool
    public var archived: Bool
    /// The leaf of the current branch: where the next appended message goes by default.
    public var headMessageID: EntityID?
    /// A tombstone: deleted conversations stay stored (for restore and for sync) but are hidden.
    public var deleted: Bool
    /// Where the conversation came from, when not from Parley's own frontends: a gateway token's name, or the
    /// format it was imported from. Set once, when it is created.
    public var source: String?
    /// The conversation's id in the export it was imported from.
    public var sourceID: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var hlc: HybridTimestamp

    public init(
        id: EntityID, title: String, model: String, settings: GenerationSettings, tags: [String], pinned: Bool,
        archived: Bool, headMessageID: EntityID?, deleted: Bool, source: String? = nil, sourceID: String? = nil,
        createdAt: Int64, updatedAt: Int64, hlc: HybridTimestamp
    ) {
        self.id = id
        self.title = title
        self.model = model
        self.settings = settings
        self.tags = tags
        self.pinned = pinned
        self.archived = archived
        self.headMessageID = headMessageID
        self.deleted = deleted
        self.source = source
        self.sourceID = sourceID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.hlc = hlc
    }

    /// The snake_case names the API and sync use, shared by the RPC payloads.
    public enum CodingKeys: String, CodingKey {
        case id, title, model, settings, tags, pinned, archived, deleted, source, hlc
        case headMessageID = "head_message_id"
        case sourceID = "source_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
