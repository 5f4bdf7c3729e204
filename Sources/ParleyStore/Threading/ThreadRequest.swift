import ParleyCore

/// A stateless chat request to place in the conversation tree: its history, and whatever ids the frontend
/// named explicitly (headers), which are trusted before the text is.
public struct ThreadRequest: Sendable {
    /// The request's messages in order, without a trailing prefix-continuation message.
    public var messages: [ThreadMessage]
    /// The conversation the frontend named (its own chat id, or Parley's); nil lets the text decide.
    public var conversationID: EntityID?
    /// What a conversation that does not exist yet is created with (its `id` is taken from ``conversationID``
    /// when that is set).
    public var newConversation: NewConversation
    /// The message the request's last turn answers, when the frontend names it.
    public var parentID: EntityID?
    /// The id to store the request's last message under, when the frontend names it; a request naming an id
    /// already stored is a regenerate of that message's answer.
    public var turnID: EntityID?
    /// Where the messages stored come from: the gateway token's name.
    public var source: String?

    public init(
        messages: [ThreadMessage], conversationID: EntityID? = nil, newConversation: NewConversation = .init(),
        parentID: EntityID? = nil, turnID: EntityID? = nil, source: String? = nil
    ) {
        self.messages = messages
        self.conversationID = conversationID
        self.newConversation = newConversation
        self.parentID = parentID
        self.turnID = turnID
        self.source = source
    }
}

/// Where a request landed: the conversation, the message the answer goes under, what was stored, and which
/// stored message each of the request's messages is.
public struct ThreadPlacement: Sendable {
    public var conversation: Conversation
    public var created: Bool
    /// The message the answer goes under; nil when the request was empty.
    public var leafID: EntityID?
    /// The request's messages that were new, as stored, in order.
    public var appended: [Message]
    /// For each message of the request, the stored message it is (new or matched), or nil when that is not
    /// known (history before an explicitly named parent that does not line up).
    public var stored: [Message?]
}
