import ParleyTestSupport

/// The search queries both sides run: vocabulary words drawn uniformly, a few prefix queries and a few phrases.
public struct QueryMix: Sendable {
    /// One query, spelled for each side: Parley's parser quotes terms itself, FTS5's raw syntax needs quotes
    /// around CJK text and nothing around a plain word or a prefix.
    public struct Query: Sendable {
        public var kind: Kind
        public var parley: String
        public var raw: String
        /// Whether the raw side lists newest first, as Parley does for a query of prefixes only.
        public var recent: Bool { kind == .prefix }
    }

    /// Which part of the vocabulary a query comes from; the floor finds no Chinese word inside a sentence,
    /// so latencies are also reported per kind.
    public enum Kind: String, Sendable, CaseIterable {
        case english = "English words"
        case chinese = "Chinese words"
        case prefix = "prefixes"
        case phrase = "phrases"
    }

    public let queries: [Query]

    /// `prefixShare` of the queries are prefixes (a word without its last two letters, then `*`), as typed by
    /// someone searching while typing; `phraseShare` are quoted pairs of English words; the rest are whole
    /// English or Chinese words in the corpus's 3:2 ratio.
    public init(
        vocabulary: Vocabulary, count: Int, prefixShare: Double = 0.05, phraseShare: Double = 0.05, seed: UInt64 = 99
    ) {
        var random = SeededGenerator(seed: seed)
        queries = (0..<count).map { _ in
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < prefixShare {
                let word = vocabulary.english.randomElement(using: &random)!
                let prefix = word.prefix(max(3, word.count - 2)) + "*"
                return Query(kind: .prefix, parley: String(prefix), raw: String(prefix))
            } else if roll < prefixShare + phraseShare {
                let words = (0..<2).map { _ in vocabulary.english.randomElement(using: &random)! }
                let phrase = "\"\(words.joined(separator: " "))\""
                return Query(kind: .phrase, parley: phrase, raw: phrase)
            } else if roll < prefixShare + phraseShare + (1 - prefixShare - phraseShare) * 0.6 {
                let word = vocabulary.english.randomElement(using: &random)!
                return Query(kind: .english, parley: word, raw: word)
            } else {
                let word = vocabulary.chinese.randomElement(using: &random)!
                return Query(kind: .chinese, parley: word, raw: "\"\(word)\"")
            }
        }
    }
}
