import Crypto
import ParleyCore

/// Parley ids for a frontend's own ids (Open WebUI's chat and message ids, LibreChat's conversation id): a
/// UUID (version 8) hashed from the frontend's kind and its id, so the same chat maps to the same conversation
/// on every request and on every machine, with nothing to look up.
enum ExternalID {
    static func derive(_ namespace: String, _ id: String) -> EntityID {
        var bytes = Array(SHA256.hash(data: Array("parley-external/\(namespace)/\(id)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return EntityID(trusted: parts.joined(separator: "-"))
    }
}
