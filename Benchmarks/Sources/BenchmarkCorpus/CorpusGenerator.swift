import ParleyTestSupport

/// Streams an endless, reproducible chat corpus of mixed English and Chinese sentences.
///
/// Messages come in conversations of a few dozen turns that alternate user and assistant. Chinese sentences
/// are written as real Chinese is, without spaces between words, so only a tokenizer that splits CJK text can
/// find a word inside them. Two generators with the same seed yield the same messages, which is how Parley
/// and raw SQLite are given identical data without holding a million messages in memory.
public struct CorpusGenerator: Sendable {
    public let vocabulary: Vocabulary
    private var random: SeededGenerator
    private var conversation = 0
    private var turn = 0

    /// About one conversation in this many messages ends, giving conversations of ~40 messages.
    public static let meanConversationLength = 40

    public init(vocabulary: Vocabulary, seed: UInt64 = 42) {
        self.vocabulary = vocabulary
        random = SeededGenerator(seed: seed)
    }

    public mutating func next() -> CorpusMessage {
        if turn > 0, Int.random(in: 0..<Self.meanConversationLength, using: &random) == 0 {
            conversation += 1
            turn = 0
        }
        let sentences = (0..<Int.random(in: 1...4, using: &random)).map { _ in
            Int.random(in: 0..<5, using: &random) < 3 ? englishSentence() : chineseSentence()
        }
        defer { turn += 1 }
        return CorpusMessage(
            conversation: conversation, isAssistant: turn % 2 == 1, text: sentences.joined(separator: " "))
    }

    public mutating func next(_ count: Int) -> [CorpusMessage] {
        (0..<count).map { _ in next() }
    }

    private mutating func englishSentence() -> String {
        let words = (0..<Int.random(in: 6...15, using: &random)).map { _ in
            vocabulary.english.randomElement(using: &random)!
        }
        return words[0].prefix(1).uppercased() + words.joined(separator: " ").dropFirst() + "."
    }

    private mutating func chineseSentence() -> String {
        let clauses = (0..<Int.random(in: 2...5, using: &random)).map { _ in
            (0..<Int.random(in: 2...4, using: &random)).map { _ in vocabulary.chinese.randomElement(using: &random)! }
                .joined()
        }
        return clauses.joined(separator: "，") + "。"
    }
}
