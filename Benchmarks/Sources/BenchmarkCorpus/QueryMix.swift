import ParleyTestSupport

/// The search queries both sides run: vocabulary words drawn uniformly, and a few prefix queries.
public struct QueryMix: Sendable {
    /// One query, spelled for each side: Parley's parser quotes terms itself, FTS5's raw syntax needs quotes
    /// around CJK text and nothing around a plain word or a prefix.
    public struct Query: Sendable {
        public var kind: Kind
        public var parley: String
        public var raw: String
    }

    /// Which part of the vocabulary a query comes from; the floor finds no Chinese word inside a sentence,
    /// so latencies are also reported per kind.
    public enum Kind: String, Sendable, CaseIterable {
        case english = "English words"
        case chinese = "Chinese words"
        case prefix = "prefixes"
    }

    public let queries: [Query]

    /// `prefixShare` of the queries are prefixes (a word without its last two letters, then `*`), as typed by
    /// someone searching while typing; the rest are whole English or Chinese words in the corpus's 3:2 ratio.
    public init(vocabulary: Vocabulary, count: Int, prefixShare: Double = 0.05, seed: UInt64 = 99) {
        var random = SeededGenerator(seed: seed)
        queries = (0..<count).map { _ in
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < prefixShare {
                let word = vocabulary.english.randomElement(using: &random)!
                let prefix = word.prefix(max(3, word.count - 2)) + "*"
                return Query(kind: .prefix, parley: String(prefix), raw: String(prefix))
            } else if roll < prefixShare + (1 - prefixShare) * 0.6 {
                let word = vocabulary.english.randomElement(using: &random)!
                return Query(kind: .english, parley: word, raw: word)
            } else {
                let word = vocabulary.chinese.randomElement(using: &random)!
                return Query(kind: .chinese, parley: word, raw: "\"\(word)\"")
            }
        }
    }
}
