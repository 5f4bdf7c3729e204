import Foundation
import ParleyCore

/// The recursive-descent parser behind ``SearchQuery``.
///
/// Grammar: `or := and ("OR" and)*`, `and := not (["AND"] not)*`, `not := primary ("NOT" primary)*`,
/// `primary := "(" or ")" | "NEAR" "(" term+ ["," N] ")" | term`, `term := word["*"] | "\"…\""["*"]`.
struct SearchQueryParser {
    private enum Token: Equatable {
        /// `wordForms`: a bare English word, which also finds the other forms of the word.
        case term(text: String, prefix: Bool, wordForms: Bool = false)
        case and, or, not, near
        case open, close, comma
    }

    /// Parentheses nested deeper than this are refused: FTS5's own parser stops at about 95 levels of the
    /// expression, and each level typed here renders as two.
    static let maximumNesting = 32

    private let text: String
    private var tokens: [(token: Token, position: Int)] = []
    private var index = 0
    private var nesting = 0
    /// Whether every term parsed so far is a prefix.
    private(set) var prefixesOnly = true

    init(text: String) {
        self.text = text
    }

    mutating func parse() throws(ParleyError) -> String {
        tokens = try lex()
        guard !tokens.isEmpty else { throw failure(at: 1, "the query is empty: type a word to search for") }
        let expression = try parseOr()
        if index < tokens.count {
            let (token, position) = tokens[index]
            if token == .close { throw failure(at: position, ") has no matching (") }
            throw failure(at: position, "unexpected \(describe(token))")
        }
        return expression
    }

    // MARK: - Grammar

    private mutating func parseOr() throws(ParleyError) -> String {
        var parts = [try parseAnd()]
        while peek() == .or {
            index += 1
            parts.append(try parseAnd())
        }
        return parts.count == 1 ? parts[0] : parts.joined(separator: " OR ")
    }

    private mutating func parseAnd() throws(ParleyError) -> String {
        var parts = [try parseNot()]
        while let next = peek(), next != .or, next != .close, next != .comma {
            if next == .and { index += 1 }
            parts.append(try parseNot())
        }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")"
    }

    /// `a NOT b NOT c` goes to FTS5 as it is: its NOT binds tightest and groups to the left, so the chain means
    /// what it says without a parenthesis per NOT (which would nest past FTS5's depth limit in a long chain).
    private mutating func parseNot() throws(ParleyError) -> String {
        var expression = try parsePrimary()
        while peek() == .not {
            index += 1
            expression += " NOT " + (try parsePrimary())
        }
        return expression
    }

    private mutating func parsePrimary() throws(ParleyError) -> String {
        guard index < tokens.count else {
            let (last, position) = tokens[tokens.count - 1]
            throw failure(at: position, "\(describe(last)) needs a search term after it")
        }
        let (token, position) = tokens[index]
        index += 1
        switch token {
        case let .term(text, prefix, wordForms):
            prefixesOnly = prefixesOnly && prefix
            guard wordForms else { return Self.quote(text, prefix: prefix) }
            return "(\(Self.quote(text, prefix: false)) OR \(Self.quote(text, prefix: false, stems: true)))"
        case .open:
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Self.maximumNesting else {
                throw failure(at: position, "parentheses may nest at most \(Self.maximumNesting) levels deep")
            }
            let inner = try parseOr()
            guard peek() == .close else { throw failure(at: position, "( is never closed with )") }
            index += 1
            return "(\(inner))"
        case .near:
            return try parseNear(at: position)
        case .and, .or, .not:
            throw failure(at: position, "\(describe(token)) needs a search term before it")
        case .close:
            throw failure(at: position, ") has no matching ( or nothing to close")
        case .comma:
            throw failure(at: position, "a comma may only separate NEAR's terms from its distance")
        }
    }

    private mutating func parseNear(at position: Int) throws(ParleyError) -> String {
        guard peek() == .open else {
            throw failure(at: position, "NEAR must be followed by ( as in NEAR(word1 word2, 10)")
        }
        index += 1
        var phrases: [String] = []
        while case let .term(text, prefix, _)? = peek() {
            prefixesOnly = prefixesOnly && prefix
            phrases.append(Self.quote(text, prefix: prefix))
            index += 1
        }
        var distance = ""
        if peek() == .comma {
            index += 1
            guard case let .term(number, false, _)? = peek(), let value = Int(number), (0...10_000).contains(value)
            else {
                throw failure(at: position, "NEAR's distance after the comma must be a whole number up to 10000")
            }
            distance = ", \(value)"
            index += 1
        }
        guard peek() == .close else { throw failure(at: position, "NEAR( is never closed with )") }
        index += 1
        guard phrases.count >= 2 else { throw failure(at: position, "NEAR needs at least two terms") }
        return "NEAR(" + phrases.joined(separator: " ") + distance + ")"
    }

    private func peek() -> Token? {
        index < tokens.count ? tokens[index].token : nil
    }

    // MARK: - Lexing

    private func lex() throws(ParleyError) -> [(token: Token, position: Int)] {
        var tokens: [(token: Token, position: Int)] = []
        let characters = Array(text)
        var offset = 0
        while offset < characters.count {
            let character = characters[offset]
            let position = offset + 1
            switch character {
            case _ where character.isWhitespace:
                offset += 1
            case "(", ")", ",":
                tokens.append((character == "(" ? .open : character == ")" ? .close : .comma, position))
                offset += 1
            case "\"":
                var phrase = ""
                offset += 1
                while true {
                    guard offset < characters.count else {
                        throw failure(at: position, "the quote that opens here is never closed")
                    }
                    if characters[offset] == "\"" {
                        if offset + 1 < characters.count, characters[offset + 1] == "\"" {
                            phrase.append("\"")
                            offset += 2
                            continue
                        }
                        offset += 1
                        break
                    }
                    phrase.append(characters[offset])
                    offset += 1
                }
                let prefix = offset < characters.count && characters[offset] == "*"
                if prefix { offset += 1 }
                tokens.append((try term(phrase, prefix: prefix, at: position), position))
            default:
                var word = ""
                while offset < characters.count, !characters[offset].isWhitespace,
                    !"()\",".contains(characters[offset])
                {
                    word.append(characters[offset])
                    offset += 1
                }
                tokens.append((try bareword(word, at: position), position))
            }
        }
        return tokens
    }

    private func bareword(_ word: String, at position: Int) throws(ParleyError) -> Token {
        switch word {
        case "AND": return .and
        case "OR": return .or
        case "NOT": return .not
        case "NEAR": return .near
        default: break
        }
        var body = Substring(word)
        let prefix = body.hasSuffix("*")
        if prefix { body = body.dropLast() }
        if let star = body.firstIndex(of: "*") {
            throw failure(
                at: position + body.distance(from: body.startIndex, to: star),
                "* may only end a word, as in sync*")
        }
        return try term(String(body), prefix: prefix, bare: true, at: position)
    }

    /// A checked term. A `bare` word (typed without quotes) that is one English-looking word also matches the
    /// word's other forms; quoted phrases, prefixes and code identifiers match as written.
    private func term(
        _ text: String, prefix: Bool, bare: Bool = false, at position: Int
    ) throws(ParleyError) -> Token {
        let scanner = TextScanner()
        var tokenCount = 0
        var ideographicOnly = true
        var englishWord = false
        _ = Array(text.utf8).withUnsafeBufferPointer { buffer in
            scanner.scan(buffer, mode: .query) { token, _, _, _ in
                tokenCount += 1
                let scalars = String(decoding: token, as: UTF8.self).unicodeScalars
                ideographicOnly = ideographicOnly && scalars.allSatisfy { TextScanner.isIdeographic($0.value) }
                englishWord = token.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
                return true
            }
        }
        guard tokenCount > 0 else {
            throw failure(at: position, "\"\(text)\" has no letters or digits to search for")
        }
        let lone =
            tokenCount == 1 && ideographicOnly && text.unicodeScalars.filter(\.properties.isAlphabetic).count == 1
        let wordForms = bare && !prefix && tokenCount == 1 && englishWord
        return .term(text: text, prefix: prefix || lone, wordForms: wordForms)
    }

    // MARK: - Output and errors

    /// An FTS5 string: every `"` doubled and every NUL made a space, scalar by scalar. Comparing Characters
    /// would miss a `"` that a combining mark joins into one Character, and FTS5 reads its expression as a C
    /// string, so a NUL would end it early. A U+0001 typed by the user becomes a space too: only `stems` may
    /// start the string with the tokenizer's ``ParleyTokenizer/stemQueryMark``.
    private static func quote(_ text: String, prefix: Bool, stems: Bool = false) -> String {
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        if stems { quoted.append(Unicode.Scalar(ParleyTokenizer.stemQueryMark)) }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted.append(contentsOf: ["\"", "\""])
            case "\0", Unicode.Scalar(ParleyTokenizer.stemQueryMark): quoted.append(" ")
            default: quoted.append(scalar)
            }
        }
        quoted.append("\"")
        return String(quoted) + (prefix ? "*" : "")
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case let .term(text, _, _): "the term \"\(text)\""
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .near: "NEAR"
        case .open: "("
        case .close: ")"
        case .comma: ","
        }
    }

    private func failure(at position: Int, _ problem: String) -> ParleyError {
        .invalidQuery(query: text, position: position, problem: problem)
    }
}
