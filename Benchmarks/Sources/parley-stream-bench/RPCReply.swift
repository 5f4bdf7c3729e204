/// The little a client needs from the daemon's reply lines, found by byte comparison: whether a line answers a
/// given id, with a result or an error, and the id of the entity a result created. The daemon writes replies as
/// `{"jsonrpc":"2.0","id":<id>,"result":…}` or `…,"error":…}`, with the request's integer id as sent.
enum RPCReply {
    private static let prefix = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
    private static let resultMarker = Array(#","result":"#.utf8)
    private static let entityMarker = Array(#""id":""#.utf8)

    /// True when `line` is the result answering request `id`, false when it is the error answering it, nil when it
    /// answers something else or is a notification.
    static func outcome(answering id: Int, _ line: UnsafeBufferPointer<UInt8>) -> Bool? {
        let head = prefix + Array(String(id).utf8)
        guard line.count > head.count, line[..<head.count].elementsEqual(head), line[head.count] == UInt8(ascii: ",")
        else { return nil }
        return line[head.count...].starts(with: resultMarker)
    }

    /// The `"id":"…"` inside a result: the created conversation's or message's id.
    static func entityID(in line: [UInt8]) -> String? {
        guard let marker = firstIndex(of: resultMarker, in: line[...]),
            let found = firstIndex(of: entityMarker, in: line[(marker + resultMarker.count)...])
        else { return nil }
        let value = line[(found + entityMarker.count)...]
        guard let close = value.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: value[..<close], as: UTF8.self)
    }

    /// The start of a reply, for error messages.
    static func excerpt(_ line: [UInt8]) -> String {
        String(decoding: line.prefix(300), as: UTF8.self)
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
