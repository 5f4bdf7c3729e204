import Foundation

/// The one JSON encoding Parley stores and syncs: keys sorted, slashes unescaped, so equal values give equal
/// bytes on every machine (content hashes depend on it).
public enum JSONCoding {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// Decodes text that Parley wrote itself; a failure here means the database was edited by hand.
    public static func decodeStored<Value: Decodable>(
        _ type: Value.Type, from text: String, column: String
    ) throws(ParleyError) -> Value {
        do {
            return try decode(type, from: text)
        } catch {
            throw .storage(reason: "the stored \(column) is not valid \(Value.self) JSON: \(error)")
        }
    }
}
