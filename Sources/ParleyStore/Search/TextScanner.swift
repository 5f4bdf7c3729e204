import Foundation

/// Splits UTF-8 text into search tokens; the engine behind the `parley` FTS5 tokenizer and the query checker.
///
/// - Letters and digits form words, folded to lowercase without accents (`Café` → `cafe`); fullwidth Latin
///   (`ＡＰＩ`) reads as ASCII.
/// - Code identifiers split at `_` and other punctuation; in documents a camelCase word (`URLSession`) is
///   indexed whole and, at the same position, as its parts (`url`, `session`), so either finds it.
/// - Chinese, Japanese and Korean runs become overlapping bigrams (`全文搜索` → `全文 文搜 搜索`), so any
///   two-character word is found without a dictionary. In documents the last character of a run is also
///   indexed alone at the last bigram's position, so a one-character query can match it as a prefix.
///
/// Not thread-safe: each SQLite connection owns its own scanner (it caches folded characters).
final class TextScanner {
    /// What a token is emitted for: documents get extra colocated tokens, queries never do.
    enum Mode { case document, query }

    /// Receives a token's bytes, its byte range in the text, and whether it shares the previous position.
    /// Returns false to stop scanning.
    typealias Sink = (_ token: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ colocated: Bool) -> Bool

    /// Words longer than this (folded, in bytes) are not indexed: they are blobs, not words.
    static let maximumWordBytes = 96

    private var foldCache: [UInt32: FoldedScalar] = [:]
    private var word: [UInt8] = []
    private var wordCharacters: [WordCharacter] = []
    private var ideographs: [Range<Int>] = []

    private struct WordCharacter {
        var shape: LetterShape
        var foldedStart: Int
        var byteStart: Int
    }

    private enum LetterShape { case upper, lower, digit, other }

    private struct FoldedScalar {
        var bytes: [UInt8]
        var isSeparator: Bool
    }

    /// Scans `text`, calling `sink` for each token; returns false if the sink stopped it.
    @discardableResult
    func scan(_ text: UnsafeBufferPointer<UInt8>, mode: Mode, sink: Sink) -> Bool {
        word.removeAll(keepingCapacity: true)
        wordCharacters.removeAll(keepingCapacity: true)
        ideographs.removeAll(keepingCapacity: true)
        var index = 0
        let count = text.count
        while index < count {
            let (scalar, length) = Self.decode(text, at: index)
            let end = index + length
            if scalar < 0x80 || (0xFF01...0xFF5E).contains(scalar) {
                let ascii = scalar < 0x80 ? UInt8(scalar) : UInt8(scalar - 0xFEE0)
                if let shape = Self.asciiShape(ascii) {
                    guard flushIdeographs(text, mode: mode, sink: sink) else { return false }
                    appendWordCharacter(
                        shape: shape, folded: CollectionOfOne(shape == .upper ? ascii + 32 : ascii), at: index)
                } else {
                    guard flushAll(text, mode: mode, sink: sink, end: index) else { return false }
                }
            } else if Self.isIdeographic(scalar) {
                guard flushWord(text, mode: mode, sink: sink, end: index) else { return false }
                ideographs.append(index..<end)
            } else if let folded = fold(scalar) {
                guard flushIdeographs(text, mode: mode, sink: sink) else { return false }
                appendWordCharacter(shape: Self.shape(of: scalar), folded: folded, at: index)
            } else {
                guard flushAll(text, mode: mode, sink: sink, end: index) else { return false }
            }
            index = end
        }
        return flushAll(text, mode: mode, sink: sink, end: count)
    }

    // MARK: - Words

    private func appendWordCharacter(shape: LetterShape, folded: some Collection<UInt8>, at byteStart: Int) {
        wordCharacters.append(WordCharacter(shape: shape, foldedStart: word.count, byteStart: byteStart))
        word.append(contentsOf: folded)
    }

    private func flushAll(_ text: UnsafeBufferPointer<UInt8>, mode: Mode, sink: Sink, end: Int) -> Bool {
        flushWord(text, mode: mode, sink: sink, end: end) && flushIdeographs(text, mode: mode, sink: sink)
    }

    private func flushWord(_ text: UnsafeBufferPointer<UInt8>, mode: Mode, sink: Sink, end: Int) -> Bool {
        guard let first = wordCharacters.first else { return true }
        defer {
            word.removeAll(keepingCapacity: true)
            wordCharacters.removeAll(keepingCapacity: true)
        }
        guard !word.isEmpty, word.count <= Self.maximumWordBytes else { return true }
        let whole = word.withUnsafeBufferPointer { sink($0, first.byteStart, end, false) }
        guard whole else { return false }
        guard mode == .document else { return true }
        let splits = camelCaseSplits()
        guard !splits.isEmpty else { return true }
        for (from, to) in zip([0] + splits, splits + [wordCharacters.count]) {
            let foldedEnd = to < wordCharacters.count ? wordCharacters[to].foldedStart : word.count
            let byteEnd = to < wordCharacters.count ? wordCharacters[to].byteStart : end
            let foldedStart = wordCharacters[from].foldedStart
            let emitted = word.withUnsafeBufferPointer { buffer in
                sink(
                    UnsafeBufferPointer(rebasing: buffer[foldedStart..<foldedEnd]), wordCharacters[from].byteStart,
                    byteEnd, true)
            }
            guard emitted else { return false }
        }
        return true
    }

    /// Indexes of the characters that start a new camelCase part: `urlSession` → [3], `URLSession` → [3],
    /// `base64Encode` → [6].
    private func camelCaseSplits() -> [Int] {
        var splits: [Int] = []
        let characters = wordCharacters
        guard characters.count > 1 else { return splits }
        for index in 1..<characters.count {
            let previous = characters[index - 1].shape
            let current = characters[index].shape
            let next = index + 1 < characters.count ? characters[index + 1].shape : nil
            let lowerToUpper = (previous == .lower || previous == .digit) && current == .upper
            let acronymEnd = previous == .upper && current == .upper && next == .lower
            if lowerToUpper || acronymEnd { splits.append(index) }
        }
        return splits
    }

    // MARK: - Chinese, Japanese, Korean

    private func flushIdeographs(_ text: UnsafeBufferPointer<UInt8>, mode: Mode, sink: Sink) -> Bool {
        guard let last = ideographs.last else { return true }
        defer { ideographs.removeAll(keepingCapacity: true) }
        guard ideographs.count > 1 else {
            return sink(UnsafeBufferPointer(rebasing: text[last]), last.lowerBound, last.upperBound, false)
        }
        for index in 0..<(ideographs.count - 1) {
            let range = ideographs[index].lowerBound..<ideographs[index + 1].upperBound
            guard sink(UnsafeBufferPointer(rebasing: text[range]), range.lowerBound, range.upperBound, false) else {
                return false
            }
        }
        guard mode == .document else { return true }
        return sink(UnsafeBufferPointer(rebasing: text[last]), last.lowerBound, last.upperBound, true)
    }

    /// Han, Hiragana, Katakana and Hangul, which are written without spaces between words.
    static func isIdeographic(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x3005...0x3007, 0x3021...0x3029, 0x3031...0x3035, 0x3040...0x30FF, 0x31F0...0x31FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F, 0xFF66...0xFF9F,
            0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF:
            true
        default:
            false
        }
    }

    // MARK: - Folding

    private static func asciiShape(_ byte: UInt8) -> LetterShape? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): .lower
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): .upper
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
        default: nil
        }
    }

    private static func shape(of scalar: UInt32) -> LetterShape {
        guard let unicode = Unicode.Scalar(scalar) else { return .other }
        if unicode.properties.isUppercase { return .upper }
        if unicode.properties.isLowercase { return .lower }
        if unicode.properties.numericType != nil { return .digit }
        return .other
    }

    /// The lowercase, accent-free UTF-8 of a letter or digit, empty for a combining mark (it belongs to the
    /// word it follows but adds nothing to the token), nil for a separator. Cached per scalar.
    private func fold(_ scalar: UInt32) -> [UInt8]? {
        if let cached = foldCache[scalar] { return cached.isSeparator ? nil : cached.bytes }
        let folded = Self.computeFold(scalar)
        foldCache[scalar] = folded
        return folded.isSeparator ? nil : folded.bytes
    }

    private static func computeFold(_ scalar: UInt32) -> FoldedScalar {
        guard let unicode = Unicode.Scalar(scalar) else { return FoldedScalar(bytes: [], isSeparator: true) }
        let properties = unicode.properties
        if isMark(unicode) { return FoldedScalar(bytes: [], isSeparator: false) }
        guard properties.isAlphabetic || properties.numericType != nil else {
            return FoldedScalar(bytes: [], isSeparator: true)
        }
        let decomposed = String(Character(unicode)).decomposedStringWithCanonicalMapping.unicodeScalars
        var base = String.UnicodeScalarView()
        base.append(contentsOf: decomposed.filter { !isMark($0) })
        return FoldedScalar(bytes: Array(String(base).lowercased().utf8), isSeparator: false)
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    // MARK: - UTF-8

    /// Decodes one scalar; an invalid byte decodes as U+FFFD of length 1, which is a separator.
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = text[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: (length, scalar) = (2, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, scalar) = (3, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, scalar) = (4, UInt32(lead & 0x07))
        default: return (0xFFFD, 1)
        }
        guard index + length <= text.count else { return (0xFFFD, 1) }
        for offset in 1..<length {
            let byte = text[index + offset]
            guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        return (scalar, length)
    }
}
