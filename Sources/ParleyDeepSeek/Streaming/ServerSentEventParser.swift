import Foundation

/// One thing a server-sent event stream said.
public enum ServerSentEvent: Equatable, Sendable {
    /// The data of one event: its `data:` lines joined by newlines.
    case data(String)
    /// A comment line (`: keep-alive`), which proves the server is alive without saying anything.
    case comment(String)
}

/// Splits a `text/event-stream` body into events as its bytes arrive, in chunks cut anywhere.
///
/// Follows the HTML specification's parsing rules: lines end at `\n`, `\r\n` or `\r`; a blank line ends an
/// event; `data:` lines accumulate; fields other than `data` (`event`, `id`, `retry`) are read and ignored,
/// since the chat API does not use them. A line is decoded as UTF-8 only once it is complete, so a character
/// split between two chunks arrives whole.
public struct ServerSentEventParser: Sendable {
    private var pending: [UInt8] = []
    private var dataLines: [String] = []
    /// A `\r` ended the previous chunk: a `\n` starting the next one belongs to the same line end.
    private var afterCarriageReturn = false
    /// Bytes of the current line so far: bounded so a stream without line ends cannot grow without limit.
    private let maximumLineBytes: Int

    public init(maximumLineBytes: Int = 16 << 20) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// The events completed by `chunk`.
    public mutating func feed(_ chunk: some Sequence<UInt8>) throws(DeepSeekError) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in chunk {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\n"):
                if let event = endLine() { events.append(event) }
            case UInt8(ascii: "\r"):
                afterCarriageReturn = true
                if let event = endLine() { events.append(event) }
            default:
                guard pending.count < maximumLineBytes else {
                    throw .malformed("a stream line is longer than \(maximumLineBytes) bytes")
                }
                pending.append(byte)
            }
        }
        return events
    }

    /// The event still open when the body ended without its blank line, if any.
    public mutating func finish() -> ServerSentEvent? {
        if !pending.isEmpty { _ = endLine() }
        return dispatch()
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { pending.removeAll(keepingCapacity: true) }
        if pending.isEmpty { return dispatch() }
        let line = String(decoding: pending, as: UTF8.self)
        if line.hasPrefix(":") {
            return .comment(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
        }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = line[...]
            value = ""
        }
        if field == "data" { dataLines.append(String(value)) }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        guard !dataLines.isEmpty else { return nil }
        defer { dataLines.removeAll() }
        return .data(dataLines.joined(separator: "\n"))
    }
}
