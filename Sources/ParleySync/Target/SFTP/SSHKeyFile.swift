import Foundation
import ParleyCore

/// What a private key file holds, read from its unencrypted part, so a key libssh2 cannot use is refused
/// with the reason before any connection is tried.
struct SSHKeyFile: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case ed25519, ecdsa, rsa, dsa, unknown(String)

        /// libssh2 1.10 signs with ed25519 and ECDSA keys; with RSA only by ssh-rsa (SHA-1), which OpenSSH
        /// 8.8 and later refuse, and DSA is gone from OpenSSH altogether.
        var isUsable: Bool {
            switch self {
            case .ed25519, .ecdsa: true
            default: false
            }
        }
    }

    var kind: Kind
    /// Protected by a passphrase, which a daemon has no one to ask for.
    var isEncrypted: Bool

    static func inspect(_ path: String) -> SSHKeyFile? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 64 << 10 else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            let body = text.components(separatedBy: "\n").filter { !$0.hasPrefix("-----") }
                .joined().trimmingCharacters(in: .whitespacesAndNewlines)
            guard let blob = Data(base64Encoded: body) else { return nil }
            return openSSH(blob)
        }
        let encrypted = text.contains("ENCRYPTED")
        if text.contains("BEGIN RSA PRIVATE KEY") { return SSHKeyFile(kind: .rsa, isEncrypted: encrypted) }
        if text.contains("BEGIN EC PRIVATE KEY") { return SSHKeyFile(kind: .ecdsa, isEncrypted: encrypted) }
        if text.contains("BEGIN DSA PRIVATE KEY") { return SSHKeyFile(kind: .dsa, isEncrypted: encrypted) }
        return nil
    }

    /// `openssh-key-v1\0`, then the cipher name, KDF name, KDF options, key count and the first public key,
    /// whose first string is its type.
    private static func openSSH(_ blob: Data) -> SSHKeyFile? {
        var reader = SSHWireReader(Array(blob))
        guard reader.take(15) == Array("openssh-key-v1\0".utf8), let cipher = reader.string(), reader.string() != nil,
            reader.string() != nil, reader.uint32() != nil, let publicKey = reader.string()
        else { return nil }
        var keyReader = SSHWireReader(publicKey)
        guard let typeBytes = keyReader.string() else { return nil }
        let type = String(decoding: typeBytes, as: UTF8.self)
        let kind: Kind =
            switch type {
            case "ssh-ed25519": .ed25519
            case let name where name.hasPrefix("ecdsa-sha2-"): .ecdsa
            case "ssh-rsa": .rsa
            case "ssh-dss": .dsa
            default: .unknown(type)
            }
        return SSHKeyFile(kind: kind, isEncrypted: String(decoding: cipher, as: UTF8.self) != "none")
    }
}

/// Reads SSH's wire encoding: big-endian 32-bit lengths before each string.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint32() -> UInt32? {
        take(4).map { $0.reduce(0) { $0 << 8 | UInt32($1) } }
    }

    mutating func string() -> [UInt8]? {
        guard let length = uint32(), length <= 1 << 20 else { return nil }
        return take(Int(length))
    }
}
