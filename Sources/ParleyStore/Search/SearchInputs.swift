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
    /// Only messages that came from here (a gateway token's name, an import's format).
    public var source: String?
    /// Only messages of archived conversations (true) or of conversations not archived (false).
    public var archived: Bool?

    public init(
        conversationID: EntityID? = nil, role: MessageRole? = nil, model: String? = nil, tag: String? = nil,
        since: Int64? = nil, until: Int64? = nil, source: String? = nil, archived: Bool? = nil
    ) {
        self.conversationID = conversationID
        self.role = role
        self.model = model
        self.tag = tag
        self.since = since
        self.until = until
        self.source = source
        self.archived = archived
    }
}

/// How matches are marked in snippets; terminals might use ANSI bold, a web page `<mark>`.
///
/// A client that recolours the marks asks for markers its texts never hold, so a literal `[` in a message stays
/// a bracket.
public struct SnippetStyle: Sendable, Equatable {
    /// Markers are short: they are repeated around every match of every snippet.
    public static let maximumMarkLength = 16

    public var open: String
    public var close: String
    public var ellipsis: String
    /// About how many tokens of context a snippet shows.
    public var tokens: Int

    /// ``tokens`` within what FTS5's snippet() accepts.
    var contextTokens: Int { max(1, min(tokens, 64)) }

    public init(open: String = "[", close: String = "]", ellipsis: String = "…", tokens: Int = 16) {
        self.open = open
        self.close = close
        self.ellipsis = ellipsis
        self.tokens = tokens
    }

    /// Checks the markers, named as the API names them: a newline in one would break a one-line snippet.
    func validate() throws(ParleyError) {
        for (field, mark) in [("mark_open", open), ("mark_close", close)] {
            guard mark.count <= Self.maximumMarkLength, !mark.contains(where: \.isNewline) else {
                throw .invalidValue(
                    field: field, value: mark,
                    rule: "must be at most \(Self.maximumMarkLength) characters without a newline")
            }
        }
    }
}

/// One message that matched a search.
public struct SearchHit: Sendable, Hashable, Codable {
    public var messageID: EntityID
    public var conversationID: EntityID
    public var conversationTitle: String
    public var role: MessageRole
    public var model: String?
    /// Where the message came from (a gateway token's name, an import's format); nil for Parley's own frontends.
    public var source: String?
    /// Where the message sits off the conversation's current branch; nil when it is on it.
    public var branch: HitBranch?
    /// The matching passage, with matches marked as the ``SnippetStyle`` says.
    public var snippet: String
    /// bm25 relevance, lower is better; 0 for every hit of a search in ``SearchOrder/recent`` order.
    public var rank: Double
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case role, model, source, branch, snippet, rank
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
    public var archived: Bool
    public var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case title, highlighted, rank, archived
        case conversationID = "conversation_id"
        case updatedAt = "updated_at"
    }
}
