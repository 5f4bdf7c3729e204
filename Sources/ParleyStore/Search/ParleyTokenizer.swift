import GRDB
import GRDBSQLite

/// The FTS5 tokenizer `parley`: ``TextScanner`` behind SQLite's tokenizer interface.
///
/// The store registers it on every connection before any statement runs, so the search tables can name it.
final class ParleyTokenizer: FTS5CustomTokenizer {
    static let name = "parley"

    private let scanner = TextScanner()

    init(db: Database, arguments: [String]) throws {}

    func tokenize(
        context: UnsafeMutableRawPointer?,
        tokenization: FTS5Tokenization,
        pText: UnsafePointer<CChar>?,
        nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return SQLITE_OK }
        let text = UnsafeBufferPointer(
            start: UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self), count: Int(nText))
        let mode: TextScanner.Mode = tokenization.contains(.query) ? .query : .document
        var result = SQLITE_OK
        scanner.scan(text, mode: mode) { token, start, end, colocated in
            let pointer = UnsafeRawPointer(token.baseAddress!).assumingMemoryBound(to: CChar.self)
            result = tokenCallback(
                context, colocated ? FTS5_TOKEN_COLOCATED : 0, pointer, CInt(token.count), CInt(start), CInt(end))
            return result == SQLITE_OK
        }
        return result
    }
}
