import ParleyCore

/// Narrows a message search. Every field is optional; set fields must all hold.
public struct SearchFilter: Sendable {
    public var conversationID: EntityID?
    public var role: MessageRole?
    public var model: String?
    /// Only messages of conversations with this tag.
    public var tag: String?
    /// Only messages created at or after this time (milliseconds since 1970).
    public var since: Int64?
    /// Only messages created before this time (milliseconds since 1970).
    public var until: Int64?

    public init(
        conversationID: EntityID? = nil, role: MessageRole? = nil, model: String? = nil, tag: String? = nil,
        since: Int64? = nil, until: Int64? = nil
    ) {
        self.conversationID = conversationID
        self.role = role
        self.model = model
        self.tag = tag
        self.since = since
        self.until = until
    }
}

/// How matches are marked in snippets; terminals might use ANSI bold, a web page `<mark>`.
public struct SnippetStyle: Sendable, Equatable {
    public var open: String
    public var close: String
    public var ellipsis: String
    /// About how many tokens of context a snippet shows.
    public var tokens: Int

    public init(open: String = "[", close: String = "]", ellipsis: String = "…", tokens: Int = 16) {
        self.open = open
        self.close = close
        self.ellipsis = ellipsis
        self.tokens = tokens
    }
}

/// One message that matched a search.
public struct SearchHit: Sendable, Hashable, Codable {
    public var messageID: EntityID
    public var conversationID: EntityID
    public var conversationTitle: String
    public var role: MessageRole
    public var model: String?
    /// The matching passage, with matches marked as the ``SnippetStyle`` says.
    public var snippet: String
    /// bm25 relevance: lower is better.
    public var rank: Double
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case role, model, snippet, rank
        case messageID = "message_id"
        case conversationID = "conversation_id"
        case conversationTitle = "conversation_title"
        case createdAt = "created_at"
    }
}

/// One conversation whose title matched a search.
public struct ConversationHit: Sendable, Hashable, Codable {
    public var conversationID: EntityID
    public var title: String
    /// The title with matches marked.
    public var highlighted: String
    public var rank: Double

    enum CodingKeys: String, CodingKey {
        case title, highlighted, rank
        case conversationID = "conversation_id"
    }
}
