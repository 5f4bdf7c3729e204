import CLibUUID

/// The identity of a conversation, message, draft, usage record or device: a UUID in canonical lowercase text.
///
/// New identities are time-ordered UUIDs (version 7) with libuuid's random bits. Identities read from a client or a sync target are
/// validated, and accepted in any letter case but always kept in lowercase, so two spellings of one UUID are
/// one identity.
public struct EntityID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts only the canonical 8-4-4-4-12 hexadecimal form; use ``init(validating:field:)`` for a reason.
    public init?(rawValue: String) {
        guard let canonical = Self.canonicalForm(of: rawValue) else { return nil }
        self.rawValue = canonical
    }

    /// Validates text from outside, naming `field` in the error when it is not a UUID.
    public init(validating text: String, field: String) throws(ParleyError) {
        guard let canonical = Self.canonicalForm(of: text) else {
            throw .invalidValue(
                field: field, value: text, rule: "must be a UUID such as 0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c")
        }
        rawValue = canonical
    }

    /// A new time-ordered identity (UUID version 7).
    public static func generate() -> EntityID {
        var buffer = [CChar](repeating: 0, count: 37)
        parley_uuid_generate_lower(&buffer)
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return EntityID(trusted: text)
    }

    /// Wraps text that is known to be canonical already (read back from the database).
    public init(trusted canonical: String) {
        rawValue = canonical
    }

    public var description: String { rawValue }

    public static func < (lhs: EntityID, rhs: EntityID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let field = decoder.codingPath.map(\.stringValue).joined(separator: ".")
        self = try EntityID(validating: text, field: field.isEmpty ? "id" : field)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func canonicalForm(of text: String) -> String? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        var canonical = [UInt8]()
        canonical.reserveCapacity(36)
        for (index, byte) in utf8.enumerated() {
            switch index {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return nil }
                canonical.append(byte)
            default:
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
                    canonical.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "F"):
                    canonical.append(byte + 32)
                default:
                    return nil
                }
            }
        }
        return String(decoding: canonical, as: UTF8.self)
    }
}
