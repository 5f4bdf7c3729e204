import ParleyCore

/// What a new conversation starts with; every field has a default.
public struct NewConversation: Sendable {
    public var title: String
    public var model: String
    public var settings: GenerationSettings
    public var tags: [String]
    /// When set, becomes the conversation's root `system` message.
    public var system: String?
    /// Where it came from (a gateway token's name, an import's format); nil for Parley's own frontends.
    public var source: String?
    /// The id to create it under; nil makes a new one. The gateway names a conversation after the frontend's
    /// own chat id, so every request of that chat finds it on every machine.
    public var id: EntityID?

    public init(
        id: EntityID? = nil, title: String = "", model: String = Conversation.defaultModel,
        settings: GenerationSettings = .init(), tags: [String] = [], system: String? = nil, source: String? = nil
    ) {
        self.id = id
        self.title = title
        self.model = model
        self.settings = settings
        self.tags = tags
        self.system = system
        self.source = source
    }
}

/// The fields of a conversation to change; nil leaves a field as it is.
public struct ConversationUpdate: Sendable {
    public var title: String?
    public var model: String?
    public var settings: GenerationSettings?
    public var tags: [String]?
    public var pinned: Bool?
    public var archived: Bool?

    public init(
        title: String? = nil, model: String? = nil, settings: GenerationSettings? = nil, tags: [String]? = nil,
        pinned: Bool? = nil, archived: Bool? = nil
    ) {
        self.title = title
        self.model = model
        self.settings = settings
        self.tags = tags
        self.pinned = pinned
        self.archived = archived
    }
}

/// Which conversations a listing shows.
public struct ConversationFilter: Sendable {
    /// Only conversations with this tag.
    public var tag: String?
    /// `false` (the default) hides archived conversations, `true` shows only them, nil shows both.
    public var archived: Bool?
    /// `true` lists the deleted conversations (the trash) instead of the live ones.
    public var deleted: Bool

    public init(tag: String? = nil, archived: Bool? = false, deleted: Bool = false) {
        self.tag = tag
        self.archived = archived
        self.deleted = deleted
    }
}
