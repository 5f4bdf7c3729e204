import Crypto
import Foundation
import ParleyCore
import Testing

@testable import ParleySync

@Suite struct TargetDescriptorTests {
    let passphrase = Data("correct horse battery staple".utf8)

    /// A valid encrypted `target.json` as a dictionary, for tests that make one field hostile.
    private func document(_ changes: (inout [String: Any], inout [String: Any]) -> Void = { _, _ in }) -> Data {
        var encryption: [String: Any] = [
            "cipher": "chacha20-poly1305", "kdf": "scrypt", "salt": Data(count: 32).base64EncodedString(),
            "rounds": 1 << 15, "block_size": 8, "parallelism": 1,
            "key_check": Data(count: EncryptionParameters.keyCheckBytes).base64EncodedString(),
        ]
        var root: [String: Any] = [
            "format": "parley-sync", "version": 1, "target_id": "0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c",
            "created_at": 1_750_000_000_000,
        ]
        changes(&root, &encryption)
        root["encryption"] = encryption
        return (try? JSONSerialization.data(withJSONObject: root)) ?? Data()
    }

    private func refusal(_ data: Data) -> String? {
        let failure = ParleyErrorCapture.sync { _ = try TargetDescriptor.decode(data) }
        #expect(failure?.path == "parley/target.json")
        return failure?.reason
    }

    @Test func aPlainDescriptorRoundTrips() throws {
        let (descriptor, key) = try TargetDescriptor.create(encryptedWith: nil)
        #expect(key == nil)
        #expect(descriptor.format == "parley-sync")
        #expect(descriptor.version == 1)
        #expect(descriptor.encryption == nil)
        let text = String(decoding: descriptor.encoded(), as: UTF8.self)
        #expect(text.contains("\"target_id\" : \"\(descriptor.targetID.rawValue)\""))
        #expect(text.contains("\"created_at\""))
        #expect(try TargetDescriptor.decode(descriptor.encoded()) == descriptor)
        #expect(descriptor.encoded() == descriptor.encoded())
    }

    @Test func anEncryptedDescriptorRoundTripsAndItsPassphraseOpensSealedFiles() throws {
        let (descriptor, created) = try TargetDescriptor.create(encryptedWith: passphrase)
        let createdKey = try #require(created)
        let encryption = try #require(descriptor.encryption)
        #expect(encryption.salt.count == 32)
        #expect((encryption.rounds, encryption.blockSize, encryption.parallelism) == (1 << 15, 8, 1))
        let text = String(decoding: descriptor.encoded(), as: UTF8.self)
        #expect(text.contains("\"block_size\""))
        #expect(text.contains("\"key_check\" : \"\(encryption.keyCheck.base64EncodedString())\""))

        let decoded = try TargetDescriptor.decode(descriptor.encoded())
        #expect(decoded == descriptor)
        let key = try decoded.key(passphrase: passphrase)
        let sealed = SegmentEnvelope.seal(Data("hello".utf8), key: createdKey, associatedPath: "parley/x")
        #expect(
            try SegmentEnvelope.open(sealed, key: key, associatedPath: "parley/x", maximumPlaintextBytes: 100)
                == Data("hello".utf8))

        let failure = ParleyErrorCapture.sync { _ = try decoded.key(passphrase: Data("wrong passphrase".utf8)) }
        #expect(failure?.path == "parley/target.json")
        #expect(failure?.reason.contains("the passphrase is wrong for this target") == true)
    }

    @Test func twoTargetsGetDifferentIDsAndSalts() throws {
        let (first, _) = try TargetDescriptor.create(encryptedWith: passphrase)
        let (second, _) = try TargetDescriptor.create(encryptedWith: passphrase)
        #expect(first.targetID != second.targetID)
        #expect(first.encryption?.salt != second.encryption?.salt)
    }

    @Test func aPlainTargetHasNoKey() throws {
        let (descriptor, _) = try TargetDescriptor.create(encryptedWith: nil)
        let failure = ParleyErrorCapture.sync { _ = try descriptor.key(passphrase: passphrase) }
        #expect(failure?.reason.contains("not encrypted") == true)
    }

    @Test func anEmptyPassphraseIsRefused() {
        let failure = ParleyErrorCapture.invalidValue { _ = try TargetDescriptor.create(encryptedWith: Data()) }
        #expect(failure?.field == "passphrase")
    }

    @Test func theHandBuiltDocumentIsValid() throws {
        #expect(try TargetDescriptor.decode(document()).encryption?.rounds == 1 << 15)
    }

    @Test func hostileParametersAreRefusedBeforeScryptRuns() throws {
        var descriptor = try TargetDescriptor.decode(document())
        descriptor.encryption?.rounds = 1 << 30
        let failure = ParleyErrorCapture.sync { _ = try descriptor.key(passphrase: passphrase) }
        #expect(failure?.reason.contains("rounds must be a power of two") == true)
    }

    @Test(arguments: [
        ("rounds", 3, "rounds must be a power of two"),
        ("rounds", 1 << 21, "rounds must be a power of two"),
        ("rounds", 0, "rounds must be a power of two"),
        ("rounds", -4, "rounds must be a power of two"),
        ("block_size", 33, "block_size 33"),
        ("block_size", 0, "block_size 0"),
        ("parallelism", 17, "parallelism 17"),
        ("parallelism", 0, "parallelism 0"),
    ])
    func hostileCostsAreRefused(field: String, value: Int, rule: String) {
        let reason = refusal(document { _, encryption in encryption[field] = value })
        #expect(reason?.contains(rule) == true, "\(reason ?? "")")
    }

    @Test func costsThatTogetherNeedTooMuchMemoryAreRefused() {
        let reason = refusal(
            document { _, encryption in
                encryption["rounds"] = 1 << 20
                encryption["block_size"] = 32
            })
        #expect(reason?.contains("need 4096 MiB") == true)
    }

    @Test(arguments: [8, 15, 65, 1024])
    func aSaltOfTheWrongSizeIsRefused(bytes: Int) {
        let reason = refusal(
            document { _, encryption in encryption["salt"] = Data(count: bytes).base64EncodedString() })
        #expect(reason?.contains("salt of \(bytes) bytes") == true)
    }

    @Test func unknownAlgorithmsAreRefused() {
        let cipher = refusal(document { _, encryption in encryption["cipher"] = "aes-256-gcm" })
        #expect(cipher?.contains("unknown cipher \"aes-256-gcm\"") == true)
        let kdf = refusal(document { _, encryption in encryption["kdf"] = "argon2id" })
        #expect(kdf?.contains("unknown kdf \"argon2id\"") == true)
    }

    @Test func aMissingOrMalformedKeyCheckIsRefused() {
        let missing = refusal(document { _, encryption in encryption["key_check"] = nil })
        #expect(missing?.contains("key_check is missing") == true)
        let short = refusal(
            document { _, encryption in encryption["key_check"] = Data(count: 8).base64EncodedString() })
        #expect(short?.contains("key_check of 8 bytes") == true)
        let notBase64 = refusal(document { _, encryption in encryption["key_check"] = "%%%" })
        #expect(notBase64?.contains("key_check") == true)
    }

    @Test func aNewerVersionIsNamed() {
        let reason = refusal(document { root, _ in root["version"] = 2 })
        #expect(reason?.contains("version 2") == true)
        #expect(reason?.contains("written by a newer Parley") == true)
        #expect(refusal(document { root, _ in root["version"] = 0 })?.contains("unknown version 0") == true)
    }

    @Test func anotherFormatIsRefused() {
        let reason = refusal(document { root, _ in root["format"] = "syncthing" })
        #expect(reason?.contains("is not a Parley sync target") == true)
    }

    @Test func malformedJSONAndABadTargetIDAreRefused() {
        #expect(refusal(Data("{\"format\": \"parley-sync\",".utf8))?.contains("not valid JSON") == true)
        #expect(refusal(document { root, _ in root["target_id"] = "../../etc" })?.contains("target_id") == true)
        #expect(refusal(document { root, _ in root["target_id"] = nil })?.contains("target_id is missing") == true)
    }
}
