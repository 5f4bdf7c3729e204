/// Writes one connection's request lines into a reused byte buffer: the bytes around the id are built once,
/// so making a request costs the client a copy and a few digits, not a JSON encoder.
struct RequestWriter {
    private let head = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
    /// Everything after the id for ping and append; for get, everything between the id and the message id.
    private let middle: [UInt8]
    private let tail: [UInt8]
    /// The message ids `get` chooses from, each as bytes.
    private let keys: [[UInt8]]
    private var random: SplitMix64

    /// - Parameters:
    ///   - conversationID: the connection's own conversation, which `append` writes to.
    ///   - keys: the message ids `get` fetches at random.
    init(method: LoadMethod, conversationID: String, content: String, keys: [String], seed: UInt64) {
        switch method {
        case .ping:
            middle = Array(#","method":"system.ping"}"#.utf8) + [UInt8(ascii: "\n")]
            tail = []
        case .get:
            middle = Array(#","method":"message.get","params":{"id":""#.utf8)
            tail = Array(#""}}"#.utf8) + [UInt8(ascii: "\n")]
        case .append:
            middle = Self.appendParams(conversationID: conversationID, content: content)
            tail = []
        }
        self.keys = keys.map { Array($0.utf8) }
        random = SplitMix64(seed: seed)
    }

    /// Appends the request with `id` to `out`.
    mutating func write(id: Int, to out: inout [UInt8]) {
        out.append(contentsOf: head)
        Self.writeDigits(id, to: &out)
        out.append(contentsOf: middle)
        if !keys.isEmpty {
            out.append(contentsOf: keys[Int(random.next() % UInt64(keys.count))])
            out.append(contentsOf: tail)
        }
    }

    /// `conversation.create` with `id`, for setup.
    static func createConversation(id: Int, title: String) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":\#(id),"method":"conversation.create","params":{"title":"\#(title)"}}"#.utf8)
            + [UInt8(ascii: "\n")]
    }

    /// `message.append` with `id`, for setup.
    static func append(id: Int, conversationID: String, content: String) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":\#(id)"#.utf8) + appendParams(conversationID: conversationID, content: content)
    }

    /// Message content of exactly `bytes` ASCII letters, needing no JSON escapes.
    static func content(bytes: Int) -> String {
        String((0..<bytes).map { Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8($0 % 26))) })
    }

    private static func appendParams(conversationID: String, content: String) -> [UInt8] {
        let params = #"{"conversation_id":"\#(conversationID)","role":"user","content":"\#(content)"}"#
        return Array(#","method":"message.append","params":\#(params)}"#.utf8) + [UInt8(ascii: "\n")]
    }

    private static func writeDigits(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { writeDigits(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}

/// A tiny, fast, seedable generator: each connection picks its keys without sharing state with the others.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
