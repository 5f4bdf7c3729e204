import ParleyCore

/// A user's search query, checked and rewritten into FTS5's syntax so SQLite never sees raw user input.
///
/// The syntax is FTS5's, forgivingly: words (`sync`), prefixes (`sync*`), "quoted phrases", `AND`, `OR`,
/// `NOT`, parentheses and `NEAR(a b, 10)`; words side by side must all match. Every term is passed to FTS5
/// as a quoted string, so punctuation in a term (`parse_json`, `c++`, `foo:bar`) is text, not syntax. A lone
/// Chinese or Japanese character becomes a prefix query, since the index holds such text as bigrams.
///
/// ```swift
/// let query = try SearchQuery(parsing: "URLSession OR \"全文搜索\"")
/// query.ftsExpression  // "\"URLSession\" OR \"全文搜索\""
/// ```
public struct SearchQuery: Sendable, Equatable {
    /// The text as the user typed it.
    public let text: String
    /// The equivalent FTS5 MATCH expression.
    public let ftsExpression: String

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
    }
}
