/// What the load generator needs from a daemon reply, found without a JSON parser so that checking every
/// reply costs the client a few byte comparisons: the id it answers, whether it is a result or an error, and
/// (for setup) the id of the created entity.
///
/// The daemon writes every reply as `{"jsonrpc":"2.0","id":<id>,"result":…}` or `…,"error":…}` (see
/// `RPCResponseWriter`), with the request's integer id as sent.
struct ReplyLine {
    enum Outcome {
        case result
        case error
    }

    var id: Int
    var outcome: Outcome

    private static let prefix = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
    private static let resultMarker = Array(#","result":"#.utf8)
    private static let errorMarker = Array(#","error":"#.utf8)
    private static let entityID = Array(#""id":""#.utf8)

    /// Nil when the line is not a reply to an integer id (a notification, or something malformed).
    init?(_ line: UnsafeBufferPointer<UInt8>) {
        guard Self.hasPrefix(line, Self.prefix, at: 0) else { return nil }
        var index = Self.prefix.count
        var id = 0
        while index < line.count, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
            id = id * 10 + Int(line[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > Self.prefix.count else { return nil }
        self.id = id
        if Self.hasPrefix(line, Self.resultMarker, at: index) {
            outcome = .result
        } else if Self.hasPrefix(line, Self.errorMarker, at: index) {
            outcome = .error
        } else {
            return nil
        }
    }

    /// The `"id":"…"` string inside a result: the created conversation's or message's id. Other fields that
    /// end in `_id` never match, since the quote before `id` is part of the pattern.
    static func entityID(in line: [UInt8]) -> String? {
        guard let marker = firstIndex(of: resultMarker, in: line[...]) else { return nil }
        let result = line[(marker + resultMarker.count)...]
        guard let found = firstIndex(of: entityID, in: result) else { return nil }
        let value = line[(found + entityID.count)...]
        guard let close = value.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: value[..<close], as: UTF8.self)
    }

    private static func hasPrefix(_ line: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], at offset: Int) -> Bool {
        guard line.count - offset >= pattern.count else { return false }
        for index in pattern.indices where line[offset + index] != pattern[index] { return false }
        return true
    }

    private static func firstIndex(of pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        var index = bytes.startIndex
        while index <= bytes.endIndex - pattern.count {
            if bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
