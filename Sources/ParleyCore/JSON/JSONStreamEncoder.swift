import Foundation

/// Encodes an `Encodable` value to compact UTF-8 JSON by writing bytes as the value's `encode(to:)` runs.
///
/// Foundation's `JSONEncoder` first builds a tree of boxed values and then serialises it; for the small replies
/// the daemon sends by the thousand per second that cost as much as the database read behind them. This writes
/// straight into one byte buffer instead. The output matches `JSONEncoder` with `.withoutEscapingSlashes`:
/// members in the order they are encoded, `nil` optionals left out by `encodeIfPresent` and written as `null` by
/// `encodeNil`, strings escaped as RFC 8259 requires (quote, backslash and control characters only), and
/// non-finite numbers refused.
///
/// Containers are written in the order they are used, which is how every `Encodable` in this project (and
/// every synthesised conformance) encodes: a container is finished when its owner goes back to an outer one.
public enum JSONStreamEncoder {
    public static func encode(_ value: some Encodable) throws -> Data {
        Data(try encodeBytes(value))
    }

    public static func encodeBytes(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter()
        try writer.encodeValue(value)
        return writer.bytes
    }
}

/// The encoder behind ``JSONStreamEncoder``: the output so far and the containers still open in it.
final class JSONByteWriter: Encoder {
    var bytes: [UInt8] = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// An open container: whether it is an object, and whether it has a member yet (so the next needs a comma).
    private struct Frame {
        var isObject: Bool
        var hasMembers = false
    }

    private var frames: [Frame] = []

    init() {
        bytes.reserveCapacity(512)
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(writer: self, depth: open(isObject: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(writer: self, depth: open(isObject: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(writer: self)
    }

    // MARK: Structure

    private func open(isObject: Bool) -> Int {
        bytes.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append(Frame(isObject: isObject))
        return frames.count
    }

    /// Closes every container opened after the one at `depth` (a nested container its owner has moved on from).
    func closeAbove(_ depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            bytes.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Starts the next member of the container at `depth`: a comma when it is not the first, and the key.
    func beginMember(depth: Int, key: String?) {
        closeAbove(depth)
        if frames[depth - 1].hasMembers { bytes.append(UInt8(ascii: ",")) }
        frames[depth - 1].hasMembers = true
        if let key {
            writeString(key)
            bytes.append(UInt8(ascii: ":"))
        }
    }

    // MARK: Values

    /// Writes `value`. Numbers of every width are written here, not through their `encode(to:)`: the standard
    /// library's default container overloads for the narrow ones (`Int8`, `Float`, …) forward to the generic
    /// `encode`, which lands here, and `encode(to:)` would call those overloads again, forever.
    func encodeValue<T: Encodable>(_ value: T) throws {
        switch value {
        case let value as String: writeString(value)
        case let value as JSONValue: try writeJSONValue(value)
        case let value as Bool: writeBool(value)
        case let value as Double: try writeDouble(value)
        case let value as Float: try writeDouble(value)
        case let value as any BinaryInteger: writeInteger(value)
        case let value as Decimal: bytes.append(contentsOf: value.description.utf8)
        default:
            let depth = frames.count
            let start = bytes.count
            try value.encode(to: self)
            closeAbove(depth)
            if bytes.count == start { bytes.append(contentsOf: "{}".utf8) }
        }
    }

    func writeJSONValue(_ value: JSONValue) throws {
        switch value {
        case .null: writeNull()
        case let .bool(value): writeBool(value)
        case let .integer(value): writeInteger(value)
        case let .double(value): try writeDouble(value)
        case let .string(value): writeString(value)
        case let .array(values):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try writeJSONValue(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case let .object(members):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                try writeJSONValue(member)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    func writeNull() {
        bytes.append(contentsOf: "null".utf8)
    }

    func writeBool(_ value: Bool) {
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    func writeInteger(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    func writeDouble<Number: BinaryFloatingPoint & CustomStringConvertible>(_ value: Number) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        // Swift's shortest round-trip form, which always keeps a fraction or an exponent, so a double reads
        // back as a double.
        bytes.append(contentsOf: value.description.utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.makeContiguousUTF8()
        _ = text.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `text`, copying runs that need no escape in one go.
    private func appendEscaped(_ text: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<text.count {
            let byte = text[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
            case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
            default:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<text.count]))
    }
}

extension JSONByteWriter {
    /// An object's members, each written as it is encoded.
    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: JSONByteWriter
        let depth: Int
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws {
            writer.beginMember(depth: depth, key: key.stringValue)
            writer.writeNull()
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws {
            writer.beginMember(depth: depth, key: key.stringValue)
            writer.writeBool(value)
        }

        mutating func encode(_ value: String, forKey key: Key) throws {
            writer.beginMember(depth: depth, key: key.stringValue)
            writer.writeString(value)
        }

        mutating func encode(_ value: Double, forKey key: Key) throws {
            writer.beginMember(depth: depth, key: key.stringValue)
            try writer.writeDouble(value)
        }

        mutating func encode(_ value: Int, forKey key: Key) throws {
            writer.beginMember(depth: depth, key: key.stringValue)
            writer.writeInteger(value)
        }

        mutating func encode(_ value: Int64, forKey key: Key) throws {
            writer.beginMember(depth: depth, key: key.stringValue)
            writer.writeInteger(value)
        }

        mutating func encode(_ value: UInt64, forKey key: Key) throws {
            writer.beginMember(depth: depth, key: key.stringValue)
            writer.writeInteger(value)
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            writer.beginMember(depth: depth, key: key.stringValue)
            try writer.encodeValue(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            writer.beginMember(depth: depth, key: key.stringValue)
            return writer.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            writer.beginMember(depth: depth, key: key.stringValue)
            return writer.unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            superEncoder(forKey: Key(stringValue: "super")!)
        }

        /// The writer itself, positioned at `key`: the caller must encode exactly one value through it.
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            writer.beginMember(depth: depth, key: key.stringValue)
            return writer
        }
    }

    /// An array's elements, each written as it is encoded.
    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let writer: JSONByteWriter
        let depth: Int
        private(set) var count = 0
        var codingPath: [any CodingKey] { [] }

        init(writer: JSONByteWriter, depth: Int) {
            self.writer = writer
            self.depth = depth
        }

        private mutating func next() {
            writer.beginMember(depth: depth, key: nil)
            count += 1
        }

        mutating func encodeNil() throws {
            next()
            writer.writeNull()
        }

        mutating func encode(_ value: Bool) throws {
            next()
            writer.writeBool(value)
        }

        mutating func encode(_ value: String) throws {
            next()
            writer.writeString(value)
        }

        mutating func encode(_ value: Double) throws {
            next()
            try writer.writeDouble(value)
        }

        mutating func encode(_ value: Int) throws {
            next()
            writer.writeInteger(value)
        }

        mutating func encode(_ value: Int64) throws {
            next()
            writer.writeInteger(value)
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            next()
            try writer.encodeValue(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            next()
            return writer.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            next()
            return writer.unkeyedContainer()
        }

        /// The writer itself, positioned at the next element: the caller must encode exactly one value through it.
        mutating func superEncoder() -> any Encoder {
            next()
            return writer
        }
    }

    /// One value, written where the writer stands.
    struct SingleValueContainer: SingleValueEncodingContainer {
        let writer: JSONByteWriter
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { writer.writeNull() }
        mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
        mutating func encode(_ value: String) throws { writer.writeString(value) }
        mutating func encode(_ value: Double) throws { try writer.writeDouble(value) }
        mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt64) throws { writer.writeInteger(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value) }
    }
}
