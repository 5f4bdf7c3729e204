import Crypto
import Foundation

/// SSH host key fingerprints in OpenSSH's form (`ssh-keygen -lf`, the `ssh` prompt): `SHA256:` and the
/// unpadded base64 of the SHA-256 of the key's wire blob, so the text a person compares is the one their own
/// tools print.
public enum HostKeyFingerprint {
    public static func of(_ blob: Data) -> String {
        var text = Data(SHA256.hash(data: blob)).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }

    /// The key's type, the first string of its blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`…), or `unknown`.
    public static func keyType(of blob: Data) -> String {
        guard blob.count >= 4 else { return "unknown" }
        let bytes = [UInt8](blob)
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard length > 0, length <= 64, 4 + length <= bytes.count else { return "unknown" }
        let name = bytes[4..<4 + length]
        // Shown to the person deciding whether to trust the host: printable ASCII only, as key type names are.
        guard name.allSatisfy({ (0x21...0x7E).contains($0) }) else { return "unknown" }
        return String(decoding: name, as: UTF8.self)
    }

    /// Whether a pinned fingerprint names this one: the `SHA256:` prefix and base64 padding are optional.
    public static func matches(_ fingerprint: String, _ pinned: String) -> Bool {
        guard let found = normalized(fingerprint) else { return false }
        return found == normalized(pinned)
    }

    /// The base64 part of a fingerprint, without prefix or padding; nil when it is not a SHA-256 fingerprint.
    public static func normalized(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("SHA256:") { value.removeFirst(7) }
        while value.hasSuffix("=") { value.removeLast() }
        guard value.count == 43, Data(base64Encoded: value + "=") != nil else { return nil }
        return value
    }
}
