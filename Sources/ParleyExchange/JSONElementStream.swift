import ParleyCore

/// Splits a JSON export of any size into the bytes of its conversations as it is fed in chunks, so an import
/// holds the largest conversation in memory, never the whole file.
///
/// The elements are those of a top-level array; or, when the top level is an object, those of its
/// `"conversations"` array (ChatGPT's wrapped form, Parley's own export), all other members being skipped; or,
/// for an object without such an array, the object itself (a single-chat file). The scan is structural only
/// (strings and their escapes, brackets, and the commas and colons of the levels that hold elements) because
/// every element is parsed in full by ``JSONParser`` afterwards.
///
/// ```swift
/// var stream = JSONElementStream()
/// while let block = try file.read(upToCount: 1 << 20), !block.isEmpty {
///     try block.withUnsafeBytes { try stream.feed($0) { try importOne(JSONParser.parse($0)) } }
/// }
/// try stream.finish { try importOne(JSONParser.parse($0)) }
/// ```
///
/// A top-level object is buffered until its `conversations` array opens, since until then it may be a single
/// chat: members written before that array are held in memory, members after it are not. A single chat is
/// handed out by ``finish(element:)``, once the end of the file shows nothing follows it. After a call throws,
/// the stream must not be fed again.
struct JSONElementStream {
    /// False for a first pass that only checks the structure: nothing is buffered or handed out.
    let collectsElements: Bool
    /// Elements completed so far.
    private(set) var elementCount = 0

    /// Bytes of earlier chunks, so failures name offsets in the file.
    private var consumed = 0
    private var bomBytes = 0
    private var started = false
    private var ended = false
    /// The closing bracket of each open array or object, innermost last.
    private var closers: [UInt8] = []
    private var grammar = JSONElementGrammar()
    private var inString = false
    private var escaped = false
    /// Inside a number or literal at the grammar level, which only a delimiter ends.
    private var inScalar = false
    /// The top object may still be a single chat: it is the element unless a `conversations` array opens.
    private var wholeObject = false
    private var collecting = false
    /// Where the element being collected starts in the current chunk.
    private var segmentStart = 0
    private var pending: [UInt8] = []

    init(collectsElements: Bool = true) {
        self.collectsElements = collectsElements
        closers.reserveCapacity(JSONParser.maximumDepth)
    }

    /// Feeds the next bytes; calls `element` with the bytes of each element completed by them, in order.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, element: ([UInt8]) throws -> Void) throws {
        let count = chunk.count
        segmentStart = 0
        var index = 0
        while index < count {
            if inString {
                index = try scanString(chunk, from: index, element: element)
            } else if started, !ended, !inScalar, closers.count > grammar.level {
                index = try scanNested(chunk, from: index)
                if index < count, !inString {
                    try scanStructure(chunk[index], chunk, at: index, element: element)
                    index += 1
                }
            } else {
                try scanStructure(chunk[index], chunk, at: index, element: element)
                index += 1
            }
        }
        if collecting { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[segmentStart..<count])) }
        consumed += count
    }

    /// After the last chunk: the document must be complete. A single chat (a top-level object without a
    /// `conversations` array) is handed out here.
    mutating func finish(element: ([UInt8]) throws -> Void) throws {
        guard started else {
            throw JSONStreamFailure(offset: consumed, problem: "the file is empty: expected a JSON array or object")
        }
        guard ended else {
            let open = closers.count == 1 ? "1 array or object" : "\(closers.count) arrays or objects"
            let place = inString ? "inside a string" : "with \(open) still open"
            throw JSONStreamFailure(offset: consumed, problem: "the file ends early (truncated?) \(place)")
        }
        guard wholeObject else { return }
        wholeObject = false
        elementCount += 1
        guard collectsElements else { return }
        let bytes = pending
        pending = []
        try element(bytes)
    }

    // MARK: - Scanning

    /// Reads a string up to its closing quote (or the end of the chunk); returns the index after what it read.
    private mutating func scanString(
        _ chunk: UnsafeRawBufferPointer, from start: Int, element: ([UInt8]) throws -> Void
    ) throws -> Int {
        var index = start
        let count = chunk.count
        if grammar.inKey {
            let byte = chunk[index]
            if !escaped, byte == JSONByte.quote {
                inString = false
                grammar.endKey()
            } else {
                grammar.readKey(byte, escaped: escaped)
                escaped = !escaped && byte == JSONByte.backslash
            }
            return index + 1
        }
        var escaped = self.escaped
        while index < count {
            let byte = chunk[index]
            if escaped {
                escaped = false
            } else if byte == JSONByte.backslash {
                escaped = true
            } else if byte == JSONByte.quote {
                break
            }
            index += 1
        }
        self.escaped = escaped
        guard index < count else { return index }
        inString = false
        if closers.count == grammar.level, grammar.holdsElements {
            try completeElement(chunk, upTo: index + 1, element: element)
        }
        return index + 1
    }

    /// Skips through a value nested below the grammar level, where only strings and brackets matter; stops
    /// after the opening quote of a string, or at a bracket that ends the value or does not match, which
    /// ``scanStructure(_:_:at:element:)`` handles.
    private mutating func scanNested(_ chunk: UnsafeRawBufferPointer, from start: Int) throws -> Int {
        let level = grammar.level
        var index = start
        let count = chunk.count
        while index < count {
            let byte = chunk[index]
            switch byte {
            case JSONByte.quote:
                inString = true
                return index + 1
            case JSONByte.openBrace, JSONByte.openBracket:
                try open(byte, at: index)
            case JSONByte.closeBrace, JSONByte.closeBracket:
                guard closers.count - 1 > level, closers.last == byte else { return index }
                closers.removeLast()
            default:
                break
            }
            index += 1
        }
        return index
    }

    /// One byte outside strings, at or above the grammar level (or in a scalar there).
    private mutating func scanStructure(
        _ byte: UInt8, _ chunk: UnsafeRawBufferPointer, at index: Int, element: ([UInt8]) throws -> Void
    ) throws {
        let atLevel = closers.count == grammar.level
        if inScalar {
            switch byte {
            case JSONByte.space, JSONByte.tab, JSONByte.newline, JSONByte.carriageReturn, JSONByte.comma,
                JSONByte.closeBracket, JSONByte.closeBrace:
                inScalar = false
                if grammar.holdsElements { try completeElement(chunk, upTo: index, element: element) }
            case JSONByte.quote, JSONByte.openBracket, JSONByte.openBrace, JSONByte.colon:
                throw failure(
                    at: index, "expected ',' or a closing bracket after a value, found \(JSONByte.name(byte))")
            default:
                return
            }
        }
        switch byte {
        case JSONByte.space, JSONByte.tab, JSONByte.newline, JSONByte.carriageReturn:
            return
        case _ where !started || ended:
            try scanOutsideDocument(byte, at: index)
        case JSONByte.quote:
            if atLevel { try begin(byte, at: index) }
            inString = true
        case JSONByte.openBrace, JSONByte.openBracket:
            if atLevel { try begin(byte, at: index) }
            try open(byte, at: index)
        case JSONByte.closeBrace, JSONByte.closeBracket:
            try close(byte, chunk, at: index, element: element)
        case JSONByte.comma:
            if atLevel { try grammar.comma(at: consumed + index) }
        case JSONByte.colon:
            if atLevel { try grammar.colon(at: consumed + index) }
        default:
            guard atLevel else { return }
            try begin(byte, at: index)
            inScalar = true
        }
    }

    /// Before the document: a byte order mark, then `[` or `{`; after it, nothing but whitespace.
    private mutating func scanOutsideDocument(_ byte: UInt8, at index: Int) throws {
        if ended { throw failure(at: index, "unexpected text after the document: \(JSONByte.name(byte))") }
        if bomBytes < 3, consumed + index == bomBytes, byte == JSONByte.byteOrderMark[bomBytes] {
            bomBytes += 1
            return
        }
        guard bomBytes == 0 || bomBytes == 3, byte == JSONByte.openBrace || byte == JSONByte.openBracket else {
            throw failure(at: index, "expected '[' or '{' to start the document, found \(JSONByte.name(byte))")
        }
        started = true
        grammar.open(object: byte == JSONByte.openBrace)
        try open(byte, at: index)
        if grammar.topIsObject {
            wholeObject = true
            collecting = collectsElements
            segmentStart = index
        }
    }

    /// Something starts at the grammar level: an element starts being collected, or the `conversations`
    /// array opens and the top object stops being a candidate single chat.
    private mutating func begin(_ byte: UInt8, at index: Int) throws {
        switch try grammar.begin(byte, at: consumed + index) {
        case .memberName:
            break
        case .conversations:
            wholeObject = false
            collecting = false
            pending = []
        case .value:
            if grammar.holdsElements, collectsElements {
                collecting = true
                segmentStart = index
            }
        }
    }

    private mutating func open(_ byte: UInt8, at index: Int) throws {
        guard closers.count < JSONParser.maximumDepth else {
            throw failure(at: index, "arrays and objects nest deeper than \(JSONParser.maximumDepth) levels")
        }
        closers.append(byte == JSONByte.openBrace ? JSONByte.closeBrace : JSONByte.closeBracket)
    }

    private mutating func close(
        _ byte: UInt8, _ chunk: UnsafeRawBufferPointer, at index: Int, element: ([UInt8]) throws -> Void
    ) throws {
        guard let closer = closers.last, closer == byte else {
            let wanted = closers.last.map(JSONByte.name) ?? "nothing"
            throw failure(
                at: index, "mismatched bracket: found \(JSONByte.name(byte)) where \(wanted) closes what is open")
        }
        let depth = closers.count
        let level = grammar.level
        closers.removeLast()
        if depth - 1 == level {
            if grammar.holdsElements { try completeElement(chunk, upTo: index + 1, element: element) }
        } else if depth == level, try !grammar.close(byte, at: consumed + index) {
            ended = true
            if wholeObject, collecting {
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[segmentStart...index]))
                collecting = false
            }
        }
    }

    /// Hands out the element that ends just before `end` in `chunk`.
    private mutating func completeElement(
        _ chunk: UnsafeRawBufferPointer, upTo end: Int, element: ([UInt8]) throws -> Void
    ) throws {
        elementCount += 1
        guard collecting else { return }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[segmentStart..<end]))
        collecting = false
        let bytes = pending
        pending = []
        try element(bytes)
    }

    private func failure(at index: Int, _ problem: String) -> JSONStreamFailure {
        JSONStreamFailure(offset: consumed + index, problem: problem)
    }
}
