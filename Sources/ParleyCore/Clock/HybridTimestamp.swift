/// One stamp of the hybrid logical clock: wall-clock milliseconds, a counter for events within one
/// millisecond (or while the wall clock stands behind), and the device that made the change.
///
/// Stamps are totally ordered by (milliseconds, counter, device), and their text form sorts the same way, so
/// SQL can compare stored stamps with `<` and `max()`. Text form: 12 hex digits of milliseconds, 4 of counter,
/// a dash, then the device UUID: `018f3a2b1c4d0000-0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c`.
public struct HybridTimestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let milliseconds: Int64
    public let counter: UInt16
    public let deviceID: EntityID

    /// The largest wall-clock time the 12-digit text form can hold (year 10889).
    public static let maximumMilliseconds: Int64 = 0xFFFF_FFFF_FFFF

    public init(milliseconds: Int64, counter: UInt16, deviceID: EntityID) {
        self.milliseconds = milliseconds
        self.counter = counter
        self.deviceID = deviceID
    }

    /// Parses the text form, naming `field` when it is malformed.
    public init(validating text: String, field: String) throws(ParleyError) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 53, utf8[16] == UInt8(ascii: "-"),
            let milliseconds = Int64(String(decoding: utf8[0..<12], as: UTF8.self), radix: 16),
            let counter = UInt16(String(decoding: utf8[12..<16], as: UTF8.self), radix: 16),
            utf8[0..<16].allSatisfy({ Self.isLowerHex($0) }),
            let device = EntityID(rawValue: String(decoding: utf8[17...], as: UTF8.self))
        else {
            throw .invalidValue(
                field: field, value: text,
                rule: "must be a clock stamp: 12 hex digits of milliseconds, 4 of counter, '-', a device UUID")
        }
        self.init(milliseconds: milliseconds, counter: counter, deviceID: device)
    }

    /// Built byte by byte: every write stores several stamps, so this sits on the hot path.
    public var description: String {
        let device = deviceID.rawValue.utf8
        return String(unsafeUninitializedCapacity: 17 + device.count) { buffer in
            let packed = UInt64(milliseconds) << 16 | UInt64(counter)
            for index in 0..<16 {
                buffer[index] = Self.hexDigits[Int(packed >> UInt64(60 - 4 * index) & 0xF)]
            }
            buffer[16] = UInt8(ascii: "-")
            _ = buffer[17...].initialize(from: device)
            return 17 + device.count
        }
    }

    public static func < (lhs: HybridTimestamp, rhs: HybridTimestamp) -> Bool {
        (lhs.milliseconds, lhs.counter, lhs.deviceID) < (rhs.milliseconds, rhs.counter, rhs.deviceID)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let field = decoder.codingPath.map(\.stringValue).joined(separator: ".")
        self = try HybridTimestamp(validating: text, field: field.isEmpty ? "hlc" : field)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
