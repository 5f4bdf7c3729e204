import Crypto
import Foundation
import ParleyCore

/// The bytes of every file sync writes except `target.json`: a header, the compressed (and optionally encrypted)
/// body, and a SHA-256 of both.
///
/// ```
/// "PARLEY" format(1) flags(bit 0: encrypted) | body | SHA-256 of everything before it (32 bytes)
/// ```
///
/// The checksum catches truncation and corruption cheaply, before any decryption or decompression. Encryption
/// binds the header and the file's path inside the target as associated data, so an encrypted file cannot be
/// replayed under another name; and a plain file is refused on an encrypted target, so clearing the encrypted flag
/// does not downgrade a file either.
public enum SegmentEnvelope {
    static let magic = Array("PARLEY".utf8)
    static let formatVersion: UInt8 = 1
    static let encryptedFlag: UInt8 = 1
    static let headerCount = 8
    static let checksumCount = SHA256.byteCount

    /// Compresses `plaintext`, encrypts it with ChaCha20-Poly1305 when `key` is given, and frames it.
    ///
    /// `associatedPath` is the file's path inside the target (`parley/devices/<id>/head-<version>.json`);
    /// ``open(_:key:associatedPath:maximumPlaintextBytes:)`` must be given the same one. `key` is the 256-bit key
    /// of ``TargetDescriptor/key(passphrase:)``.
    public static func seal(_ plaintext: Data, key: SymmetricKey?, associatedPath: String) -> Data {
        let header = magic + [formatVersion, key == nil ? 0 : encryptedFlag]
        let compressed = Deflate.compress(plaintext)
        var file = Data(header)
        if let key {
            precondition(key.bitCount == 256, "a sync key is 256 bits, not \(key.bitCount)")
            do {
                file += try ChaChaPoly.seal(
                    compressed, using: key, authenticating: header + Array(associatedPath.utf8)
                ).combined
            } catch {
                preconditionFailure("ChaChaPoly cannot seal with a 256-bit key: \(error)")
            }
        } else {
            file += compressed
        }
        file += SHA256.hash(data: file)
        return file
    }

    /// The plaintext of a file written by ``seal(_:key:associatedPath:)``, after checking everything about it.
    ///
    /// Pass a key exactly when the target is encrypted: a plain file on an encrypted target is refused, because
    /// anyone who can write to the share could plant one.
    public static func open(
        _ file: Data, key: SymmetricKey?, associatedPath: String, maximumPlaintextBytes: Int
    ) throws(ParleyError) -> Data {
        func refusal(_ reason: String) -> ParleyError { .sync(path: associatedPath, reason: reason) }
        let bytes = [UInt8](file)
        // A short file that starts like a sync file is reported as truncated below, not as foreign.
        guard bytes.starts(with: magic.prefix(bytes.count)) else {
            throw refusal("is not a Parley sync file (it does not start with \"PARLEY\")")
        }
        guard bytes.count >= headerCount + checksumCount else {
            throw refusal(
                "is \(bytes.count) bytes, shorter than the \(headerCount + checksumCount) of an empty sync file: "
                    + "it is truncated")
        }
        guard bytes[6] == formatVersion else {
            throw refusal(
                bytes[6] > formatVersion
                    ? "has format version \(bytes[6]); it was written by a newer Parley (this one reads version "
                        + "\(formatVersion)), so update Parley on this device"
                    : "has the unknown format version \(bytes[6]); this Parley reads version \(formatVersion)")
        }
        let checked = bytes[..<(bytes.count - checksumCount)]
        guard Array(SHA256.hash(data: checked)) == Array(bytes.suffix(checksumCount)) else {
            throw refusal("fails its SHA-256 checksum: the file is truncated or corrupt")
        }
        let flags = bytes[7]
        guard flags & ~encryptedFlag == 0 else {
            throw refusal(
                "has unknown flags \(flags); it was written by a newer Parley, so update Parley on this device")
        }
        let header = Array(bytes[..<headerCount])
        let body = Data(bytes[headerCount..<(bytes.count - checksumCount)])
        let compressed: Data
        switch (flags & encryptedFlag != 0, key) {
        case (true, nil):
            throw refusal("is encrypted, but no passphrase was given for this target")
        case (false, .some):
            throw refusal(
                "is not encrypted, but the target is; refusing it, since anyone who can write to the share could "
                    + "have planted it")
        case (false, nil):
            compressed = body
        case (true, .some(let key)):
            do {
                compressed = try ChaChaPoly.open(
                    ChaChaPoly.SealedBox(combined: body), using: key,
                    authenticating: header + Array(associatedPath.utf8))
            } catch {
                throw refusal(
                    "fails authentication: it was tampered with, moved from another path, or sealed with another key")
            }
        }
        return try Deflate.decompress(compressed, maximumBytes: maximumPlaintextBytes, path: associatedPath)
    }

    /// The lowercase hexadecimal SHA-256 of a whole sealed file, which links each segment to the one before it.
    public static func checksum(_ file: Data) -> String {
        SHA256.hash(data: file).map { byte in
            String(byte >> 4, radix: 16) + String(byte & 0x0f, radix: 16)
        }.joined()
    }
}
