import BenchmarkCorpus

/// The messages the devices and the raw floor store: the corpus texts of `parley-compare`, regrouped into
/// conversations of exactly ``conversationLength`` alternating user and assistant turns.
///
/// A fixed length gives every size the same shape, and the shape matters to sync: each segment carries the
/// state of every conversation its messages moved the head of.
public struct SyncCorpus {
    public static let conversationLength = 50

    private var generator = CorpusGenerator(vocabulary: Vocabulary())
    /// How many messages have been handed out; the next one's position in the corpus.
    public private(set) var produced = 0

    public init() {}

    public mutating func next(_ count: Int) -> [CorpusMessage] {
        (0..<count).map { _ in
            var message = generator.next()
            message.conversation = produced / Self.conversationLength
            message.isAssistant = produced % 2 == 1
            produced += 1
            return message
        }
    }
}
