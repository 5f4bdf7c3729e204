import GRDB
import GRDBSQLite

/// The FTS5 tokenizer `parley`: ``TextScanner`` behind SQLite's tokenizer interface, with English stems.
///
/// In documents every English word is indexed as written (folded) and, at the same position, as its stem
/// marked by ``WordStemmer/marker``, so `lifetimes` is found by `lifetime` while the exact form still ranks
/// first. A query string that starts with ``stemQueryMark`` asks for the stems of its words instead: each word
/// becomes its marked stem, with the bare stem as a synonym (a word that is its own stem, such as `run`, is
/// indexed without a marked twin). ``SearchQuery`` writes such strings; what a user types never starts with it.
///
/// The store registers it on every connection before any statement runs, so the search tables can name it.
final class ParleyTokenizer: FTS5CustomTokenizer {
    static let name = "parley"

    /// Starts a query string that stands for the stems of its words rather than the words.
    static let stemQueryMark: UInt8 = 0x01

    private let scanner = TextScanner()
    private let stemmer: WordStemmer

    init(db: Database, arguments: [String]) throws {
        stemmer = try WordStemmer(db: db)
    }

    func tokenize(
        context: UnsafeMutableRawPointer?,
        tokenization: FTS5Tokenization,
        pText: UnsafePointer<CChar>?,
        nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return SQLITE_OK }
        var text = UnsafeBufferPointer(
            start: UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self), count: Int(nText))
        var offset = 0
        let query = tokenization.contains(.query)
        let stemsOnly = query && text[0] == Self.stemQueryMark
        if stemsOnly {
            text = UnsafeBufferPointer(rebasing: text[1...])
            offset = 1
        }
        var result = SQLITE_OK
        func emit(_ token: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, colocated: Bool) -> Bool {
            let pointer = UnsafeRawPointer(token.baseAddress!).assumingMemoryBound(to: CChar.self)
            result = tokenCallback(
                context, colocated ? FTS5_TOKEN_COLOCATED : 0, pointer, CInt(token.count), CInt(start + offset),
                CInt(end + offset))
            return result == SQLITE_OK
        }
        let stemmer = self.stemmer
        scanner.scan(text, mode: query ? .query : .document) { token, start, end, colocated in
            if stemsOnly {
                guard let stem = stemmer.stems(of: token) else { return emit(token, start, end, colocated: colocated) }
                return emit(stem.marked, start, end, colocated: colocated)
                    && emit(stem.bare, start, end, colocated: true)
            }
            guard emit(token, start, end, colocated: colocated) else { return false }
            guard !query, let stem = stemmer.markedStem(of: token) else { return true }
            return emit(stem, start, end, colocated: true)
        }
        return result
    }
}
