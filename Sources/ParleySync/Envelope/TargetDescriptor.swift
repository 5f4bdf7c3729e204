import Crypto
import Foundation
import ParleyCore

/// `parley/target.json`: what makes a folder a Parley sync target, and which one.
///
/// It stays plain JSON because it has to be read before there is a key: it carries the salt and the key check that
/// turn a passphrase into one. The target id lets a device notice that the folder it syncs with was replaced by
/// another target, rather than reading the difference as mass deletion.
///
/// ```swift
/// let (descriptor, key) = try TargetDescriptor.create(encryptedWith: passphrase)
/// try target.write(descriptor.encoded(), to: RemotePath(validating: "parley/target.json"), replacing: false)
/// ```
public struct TargetDescriptor: Codable, Sendable, Equatable {
    public static let formatName = "parley-sync"
    public static let currentVersion = 1

    /// Always ``formatName``.
    public var format: String
    /// Always ``currentVersion``; a higher one comes from a newer Parley.
    public var version: Int
    public var targetID: EntityID
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// nil for a target whose files are not encrypted.
    public var encryption: EncryptionParameters?

    enum CodingKeys: String, CodingKey {
        case format, version, encryption
        case targetID = "target_id"
        case createdAt = "created_at"
    }

    /// The fields every version has, checked before the rest so a newer file gets a message about its version.
    private struct Preamble: Decodable {
        var format: String
        var version: Int
    }

    /// A new target with a new id, encrypted when `passphrase` is given, together with its key.
    public static func create(encryptedWith passphrase: Data?) throws(ParleyError) -> (TargetDescriptor, SymmetricKey?)
    {
        var descriptor = TargetDescriptor(
            format: formatName, version: currentVersion, targetID: EntityID.generate(),
            createdAt: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)), encryption: nil)
        guard let passphrase else { return (descriptor, nil) }
        let (parameters, key) = try EncryptionParameters.generate(passphrase: passphrase)
        descriptor.encryption = parameters
        return (descriptor, key)
    }

    /// The target's key, derived from `passphrase` with the stored parameters; a wrong passphrase is refused
    /// before anything is decrypted.
    public func key(passphrase: Data) throws(ParleyError) -> SymmetricKey {
        guard let encryption else {
            throw .sync(
                path: SyncLayout.descriptorPath,
                reason: "says the target is not encrypted, so it has no key and needs no passphrase")
        }
        return try encryption.key(passphrase: passphrase)
    }

    /// Parses and checks a `target.json` read from a target.
    public static func decode(_ data: Data) throws(ParleyError) -> TargetDescriptor {
        let path = SyncLayout.descriptorPath
        let preamble = try UntrustedJSON.decode(Preamble.self, from: data, path: path)
        guard preamble.format == formatName else {
            throw .sync(
                path: path,
                reason: "is not a Parley sync target: its format is \(preamble.format.debugDescription), not "
                    + "\"\(formatName)\"")
        }
        guard preamble.version == currentVersion else {
            throw .sync(
                path: path,
                reason: preamble.version > currentVersion
                    ? "has version \(preamble.version); it was written by a newer Parley (this one reads version "
                        + "\(currentVersion)), so update Parley on this device"
                    : "has the unknown version \(preamble.version); this Parley reads version \(currentVersion)")
        }
        let descriptor = try UntrustedJSON.decode(TargetDescriptor.self, from: data, path: path)
        try descriptor.encryption?.validate()
        return descriptor
    }

    /// Pretty JSON with sorted keys, so the file is readable and the same descriptor is always the same bytes.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            preconditionFailure("strings, numbers and bytes always encode as JSON: \(error)")
        }
    }
}
