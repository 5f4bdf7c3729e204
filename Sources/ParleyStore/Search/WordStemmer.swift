import GRDB
import GRDBSQLite

/// The English stem of a word, by SQLite's own Porter stemmer (FTS5's `porter` tokenizer over its `ascii` one).
///
/// Stems are what let `lifetime` find `lifetimes`, and `configure` find `configured` and `configuration`. Using
/// SQLite's stemmer rather than a second implementation gives Parley exactly the stems of `porter unicode61`.
/// In the index a stem is stored with ``marker`` after it, so it never equals a word someone typed: exact words
/// and stems stay apart, and a query can ask for either.
///
/// Not thread-safe: each tokenizer (one per SQLite connection) owns its own stemmer and its buffer.
final class WordStemmer {
    /// Ends every stem in the index: a control character, which the scanner never puts inside a word.
    static let marker: UInt8 = 0x01

    /// Words shorter than this are their own stem (Porter leaves them alone).
    static let minimumLength = 3
    /// Longer words are left unstemmed, as FTS5's `porter` does (its buffer holds 64 bytes).
    static let maximumLength = 64

    private let porter: any FTS5Tokenizer
    /// The last stem, followed by ``marker``.
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var length = 0

    init(db: Database) throws {
        porter = try db.makeTokenizer(.porter(wrapping: .ascii()))
        buffer = .allocate(capacity: Self.maximumLength + 1)
    }

    deinit {
        buffer.deallocate()
    }

    /// The stem of `word` followed by ``marker``, or nil when the word is not an English-looking word (only
    /// ASCII lowercase letters, 3 to 64 of them) or is its own stem. The buffer is valid until the next call.
    func markedStem(of word: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let stem = stems(of: word), !stem.bare.elementsEqual(word) else { return nil }
        return stem.marked
    }

    /// The stem of `word` as a query looks for it: `marked` as words that differ from it are indexed, `bare` as
    /// a word that is its own stem is; nil when the word is not stemmed (see ``markedStem(of:)``).
    func stems(
        of word: UnsafeBufferPointer<UInt8>
    ) -> (bare: UnsafeBufferPointer<UInt8>, marked: UnsafeBufferPointer<UInt8>)? {
        guard (Self.minimumLength...Self.maximumLength).contains(word.count),
            word.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        else { return nil }
        length = 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        let code = word.withMemoryRebound(to: CChar.self) { text in
            porter.tokenize(
                context: context, tokenization: .document, pText: text.baseAddress, nText: CInt(text.count),
                tokenCallback: { context, _, token, count, _, _ in
                    guard let context, let token else { return SQLITE_OK }
                    Unmanaged<WordStemmer>.fromOpaque(context).takeUnretainedValue().keep(token, Int(count))
                    return SQLITE_OK
                })
        }
        guard code == SQLITE_OK, length > 0 else { return nil }
        buffer[length] = Self.marker
        return (
            UnsafeBufferPointer(start: buffer.baseAddress, count: length),
            UnsafeBufferPointer(start: buffer.baseAddress, count: length + 1)
        )
    }

    /// Copies the stem FTS5 reports; a stem that does not fit (Porter never lengthens a word) is dropped.
    private func keep(_ token: UnsafePointer<CChar>, _ count: Int) {
        guard count > 0, count <= Self.maximumLength else { return }
        UnsafeRawPointer(token).withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<count]).initialize(
                from: UnsafeBufferPointer(start: bytes, count: count))
        }
        length = count
    }
}
