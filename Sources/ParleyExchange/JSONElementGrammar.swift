/// Where a ``JSONElementStream`` is in the levels of a document that hold its elements: inside the top
/// container and, when that is an object, inside its `conversations` array.
///
/// Only these levels have their commas, colons and member names checked, because element boundaries depend
/// on them; deeper levels are bracket-matched by the stream and parsed in full later.
struct JSONElementGrammar {
    /// What a byte that starts something at the grammar level turned out to start.
    enum Start {
        /// A member name of the top object.
        case memberName
        /// The `conversations` array of the top object: the grammar moves into it.
        case conversations
        case value
    }

    private enum Expectation {
        case valueOrClose, value, commaOrClose, keyOrClose, key, colon, memberValue
    }

    private static let conversationsKey = Array("conversations".utf8)

    private(set) var topIsObject = false
    /// Inside the top object's `conversations` array.
    private(set) var inConversations = false
    /// Reading a member name of the top object.
    private(set) var inKey = false
    private var outer = Expectation.valueOrClose
    private var inner = Expectation.valueOrClose
    /// How much of `conversations` the member name read so far matches; -1 once it differs.
    private var keyMatched = 0
    private var keyIsConversations = false

    /// How many containers are open at the grammar level: 1 inside the top one, 2 inside `conversations`.
    var level: Int { inConversations ? 2 : 1 }

    /// Whether values at the grammar level are elements (not members of the top object).
    var holdsElements: Bool { inConversations || !topIsObject }

    /// The document's top container opens.
    mutating func open(object: Bool) {
        topIsObject = object
        outer = object ? .keyOrClose : .valueOrClose
    }

    /// `byte` starts a value or member name at the grammar level.
    mutating func begin(_ byte: UInt8, at offset: Int) throws(JSONStreamFailure) -> Start {
        switch expectation {
        case .valueOrClose, .value, .memberValue:
            break
        case .keyOrClose, .key:
            guard byte == JSONByte.quote else {
                throw JSONStreamFailure(offset: offset, problem: "expected a member name in quotes")
            }
            inKey = true
            keyMatched = 0
            expectation = .colon
            return .memberName
        case .colon:
            throw failure(offset, "expected ':' after the member name, found \(JSONByte.name(byte))")
        case .commaOrClose:
            throw failure(offset, "expected ',' or a closing bracket after a value, found \(JSONByte.name(byte))")
        }
        if expectation == .memberValue, keyIsConversations, byte == JSONByte.openBracket {
            outer = .commaOrClose
            inConversations = true
            inner = .valueOrClose
            return .conversations
        }
        expectation = .commaOrClose
        return .value
    }

    mutating func comma(at offset: Int) throws(JSONStreamFailure) {
        guard expectation == .commaOrClose else { throw failure(offset, "unexpected ',' here") }
        expectation = topIsObject && !inConversations ? .key : .value
    }

    mutating func colon(at offset: Int) throws(JSONStreamFailure) {
        guard expectation == .colon else { throw failure(offset, "unexpected ':' here") }
        expectation = .memberValue
    }

    /// The container at the grammar level closes with `byte`; true when it was `conversations`, false when it
    /// was the whole document.
    mutating func close(_ byte: UInt8, at offset: Int) throws(JSONStreamFailure) -> Bool {
        switch expectation {
        case .valueOrClose, .commaOrClose, .keyOrClose: break
        case .value, .memberValue: throw failure(offset, "expected a value, found \(JSONByte.name(byte))")
        case .key: throw failure(offset, "expected a member name after ',', found \(JSONByte.name(byte))")
        case .colon: throw failure(offset, "expected ':' after the member name, found \(JSONByte.name(byte))")
        }
        guard inConversations else { return false }
        inConversations = false
        return true
    }

    /// One byte of a member name; `escaped` for a byte after a backslash, which `conversations` never has.
    mutating func readKey(_ byte: UInt8, escaped: Bool) {
        let key = Self.conversationsKey
        let matches = !escaped && keyMatched >= 0 && keyMatched < key.count && key[keyMatched] == byte
        keyMatched = matches ? keyMatched + 1 : -1
    }

    mutating func endKey() {
        inKey = false
        keyIsConversations = keyMatched == Self.conversationsKey.count
    }

    private var expectation: Expectation {
        get { inConversations ? inner : outer }
        set {
            if inConversations { inner = newValue } else { outer = newValue }
        }
    }

    private func failure(_ offset: Int, _ problem: String) -> JSONStreamFailure {
        JSONStreamFailure(offset: offset, problem: problem)
    }
}
