/// One generated chat message: which conversation it belongs to (by index), who wrote it, and its text.
public struct CorpusMessage: Sendable {
    public var conversation: Int
    public var isAssistant: Bool
    public var text: String
}
