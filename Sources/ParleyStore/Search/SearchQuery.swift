import ParleyCore

/// A user's search query, checked and rewritten into FTS5's syntax so SQLite never sees raw user input.
///
/// The syntax is FTS5's, forgivingly: words (`sync`), prefixes (`sync*`), "quoted phrases", `AND`, `OR`,
/// `NOT`, parentheses and `NEAR(a b, 10)`; words side by side must all match. Every term is passed to FTS5
/// as a quoted string, so punctuation in a term (`parse_json`, `c++`, `foo:bar`) is text, not syntax. A lone
/// Chinese or Japanese character becomes a prefix query, since the index holds such text as bigrams.
///
/// A bare English word also finds its other forms (`lifetime` finds `lifetimes`, `running` finds `run`): it
/// becomes the word OR its stem, so a message with the exact form matches both and ranks first. Quoted
/// phrases, prefixes, identifiers split by punctuation, and NEAR's terms match as written.
///
/// ```swift
/// let query = try SearchQuery(parsing: "lifetimes OR \"全文搜索\"")
/// query.ftsExpression  // "(\"lifetimes\" OR \"\u{1}lifetimes\") OR \"全文搜索\""
/// ```
public struct SearchQuery: Sendable, Equatable {
    /// The text as the user typed it.
    public let text: String
    /// The equivalent FTS5 MATCH expression.
    public let ftsExpression: String
    /// The order its hits get unless asked otherwise: ``SearchOrder/recent`` for a query of prefixes only,
    /// which may match much of the store, else ``SearchOrder/relevance``.
    public let defaultOrder: SearchOrder

    /// Queries longer than this are refused (they are pasted documents, not searches).
    public static let maximumLength = 1_000

    public init(parsing text: String) throws(ParleyError) {
        self.text = text
        guard text.count <= Self.maximumLength else {
            throw .invalidQuery(
                query: text, position: Self.maximumLength + 1,
                problem: "a query may have at most \(Self.maximumLength) characters")
        }
        var parser = SearchQueryParser(text: text)
        ftsExpression = try parser.parse()
        defaultOrder = parser.prefixesOnly ? .recent : .relevance
    }
}
