import Crypto
import Foundation
import ParleyCore
import _CryptoExtras

/// How a target's key is derived from its passphrase (scrypt), and a sealed known text that tells a wrong
/// passphrase apart before anything is read.
///
/// The parameters are read from `target.json`, which anyone with access to the share can edit, so they are
/// bounded: a hostile file cannot make a device spend gigabytes of memory or minutes of CPU deriving a key.
public struct EncryptionParameters: Codable, Sendable, Equatable {
    public static let chaChaPoly = "chacha20-poly1305"
    public static let scrypt = "scrypt"

    public var cipher: String
    public var kdf: String
    public var salt: Data
    /// scrypt's cost N: a power of two.
    public var rounds: Int
    /// scrypt's r.
    public var blockSize: Int
    /// scrypt's p.
    public var parallelism: Int
    /// `"parley key check v1"` sealed with the key (associated data `"target.json"`): only the right key opens it.
    public var keyCheck: Data

    enum CodingKeys: String, CodingKey {
        case cipher, kdf, salt, rounds, parallelism
        case blockSize = "block_size"
        case keyCheck = "key_check"
    }

    /// N = 2^15, r = 8, p = 1: 32 MiB and about a tenth of a second, scrypt's interactive recommendation.
    static let defaultRounds = 1 << 15
    static let defaultBlockSize = 8
    static let maximumRounds = 1 << 20
    static let maximumBlockSize = 32
    static let maximumParallelism = 16
    /// scrypt needs 128·N·r bytes; 256 MiB is eight times the default and still fits a small machine.
    static let maximumMemoryBytes = 256 << 20
    static let saltBytes = 16...64
    static let keyCheckPlaintext = Data("parley key check v1".utf8)
    static let keyCheckAssociatedData = Data("target.json".utf8)
    /// ChaChaPoly's combined box: a 12-byte nonce, the sealed text, a 16-byte tag.
    static let keyCheckBytes = 12 + keyCheckPlaintext.count + 16

    /// New parameters with a random 32-byte salt, and the key they derive from `passphrase`.
    static func generate(passphrase: Data) throws(ParleyError) -> (EncryptionParameters, SymmetricKey) {
        var generator = SystemRandomNumberGenerator()
        var parameters = EncryptionParameters(
            cipher: chaChaPoly, kdf: scrypt, salt: Data((0..<32).map { _ in generator.next() }),
            rounds: defaultRounds, blockSize: defaultBlockSize, parallelism: 1, keyCheck: Data())
        let key = try parameters.deriveKey(passphrase: passphrase)
        do {
            parameters.keyCheck = try ChaChaPoly.seal(
                keyCheckPlaintext, using: key, authenticating: keyCheckAssociatedData
            ).combined
        } catch {
            throw .sync(path: SyncLayout.descriptorPath, reason: "cannot seal the key check: \(error)")
        }
        return (parameters, key)
    }

    /// The key for `passphrase`, once it has opened the key check.
    func key(passphrase: Data) throws(ParleyError) -> SymmetricKey {
        try validate()
        let key = try deriveKey(passphrase: passphrase)
        let opened = try? ChaChaPoly.open(
            ChaChaPoly.SealedBox(combined: keyCheck), using: key, authenticating: Self.keyCheckAssociatedData)
        guard opened == Self.keyCheckPlaintext else {
            throw .sync(
                path: SyncLayout.descriptorPath,
                reason: "the passphrase is wrong for this target: it does not open the key check. Nothing was read "
                    + "or changed; check the passphrase file")
        }
        return key
    }

    /// Refuses parameters this Parley does not know or that would cost too much to use.
    func validate() throws(ParleyError) {
        func refusal(_ reason: String) -> ParleyError { .sync(path: SyncLayout.descriptorPath, reason: reason) }
        guard cipher == Self.chaChaPoly else {
            throw refusal("uses the unknown cipher \(cipher.debugDescription); this Parley knows \(Self.chaChaPoly)")
        }
        guard kdf == Self.scrypt else {
            throw refusal("uses the unknown kdf \(kdf.debugDescription); this Parley knows \(Self.scrypt)")
        }
        guard rounds >= 2, rounds <= Self.maximumRounds, rounds & (rounds - 1) == 0 else {
            throw refusal("has scrypt rounds \(rounds); rounds must be a power of two from 2 to 2^20")
        }
        guard (1...Self.maximumBlockSize).contains(blockSize) else {
            throw refusal("has scrypt block_size \(blockSize); it must be from 1 to \(Self.maximumBlockSize)")
        }
        guard (1...Self.maximumParallelism).contains(parallelism) else {
            throw refusal("has scrypt parallelism \(parallelism); it must be from 1 to \(Self.maximumParallelism)")
        }
        let memoryBytes = 128 * rounds * blockSize
        guard memoryBytes <= Self.maximumMemoryBytes else {
            throw refusal(
                "has scrypt rounds \(rounds) and block_size \(blockSize), which need \(memoryBytes >> 20) MiB; the "
                    + "limit is \(Self.maximumMemoryBytes >> 20) MiB")
        }
        guard Self.saltBytes.contains(salt.count) else {
            throw refusal(
                "has a salt of \(salt.count) bytes; it must be \(Self.saltBytes.lowerBound) to "
                    + "\(Self.saltBytes.upperBound) bytes")
        }
        guard keyCheck.count == Self.keyCheckBytes else {
            throw refusal("has a key_check of \(keyCheck.count) bytes; it must be \(Self.keyCheckBytes)")
        }
    }

    private func deriveKey(passphrase: Data) throws(ParleyError) -> SymmetricKey {
        guard !passphrase.isEmpty else {
            throw .invalidValue(field: "passphrase", value: "", rule: "must not be empty")
        }
        do {
            return try KDF.Scrypt.deriveKey(
                from: passphrase, salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
                parallelism: parallelism)
        } catch {
            throw .sync(
                path: SyncLayout.descriptorPath,
                reason: "scrypt failed with rounds \(rounds), block_size \(blockSize), parallelism \(parallelism): "
                    + "\(error)")
        }
    }
}
