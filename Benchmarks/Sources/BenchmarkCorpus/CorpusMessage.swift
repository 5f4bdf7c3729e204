/// One generated chat message: which conversation it belongs to (by index), who wrote it, and its text.
public struct CorpusMessage: Sendable {
    public var conversation: Int
    public var isAssistant: Bool
    public var text: String
    /// The text as the raw baseline's "same tokens" index receives it (see ``BigramSplitter``); nil elsewhere.
    public var indexText: String?

    public init(conversation: Int, isAssistant: Bool, text: String, indexText: String? = nil) {
        self.conversation = conversation
        self.isAssistant = isAssistant
        self.text = text
        self.indexText = indexText
    }
}
