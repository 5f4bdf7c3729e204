import Crypto
import Foundation
import ParleyCore
import Testing

@testable import ParleySync

@Suite struct SegmentEnvelopeTests {
    let plaintext = Data(#"{"changes":[{"kind":"message","text":"hello, world"}]}"#.utf8)
    let path = "parley/devices/0b5f7c2e-4a8d-4e8a-9d7b-2f1c3e4a5b6c/0000000000000001-0000000000000001.seg"
    let key = SymmetricKey(size: .bits256)

    private func open(_ file: Data, key: SymmetricKey?, path: String? = nil) throws -> Data {
        try SegmentEnvelope.open(file, key: key, associatedPath: path ?? self.path, maximumPlaintextBytes: 1 << 20)
    }

    /// `file` with its trailing checksum recomputed, as an attacker who edits a file would do.
    private func withFixedChecksum(_ file: Data) -> Data {
        let content = file.dropLast(32)
        return content + Data(SHA256.hash(data: content))
    }

    private func reason(_ file: Data, key: SymmetricKey?, path: String? = nil) -> String? {
        ParleyErrorCapture.sync { _ = try open(file, key: key, path: path) }?.reason
    }

    // MARK: - Round trips

    @Test func aPlainFileRoundTrips() throws {
        let file = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path)
        #expect(Array(file.prefix(8)) == Array("PARLEY".utf8) + [1, 0])
        #expect(try open(file, key: nil) == plaintext)
    }

    @Test func anEncryptedFileRoundTripsAndHidesItsText() throws {
        let file = SegmentEnvelope.seal(plaintext, key: key, associatedPath: path)
        #expect(Array(file.prefix(8)) == Array("PARLEY".utf8) + [1, 1])
        #expect(try open(file, key: key) == plaintext)
        let plain = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path)
        #expect(file.range(of: plain.dropFirst(8).dropLast(32)) == nil)
        #expect(SegmentEnvelope.seal(plaintext, key: key, associatedPath: path) != file)
    }

    @Test func theChecksumIsTheHexSHA256OfTheWholeFile() {
        let file = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path)
        let checksum = SegmentEnvelope.checksum(file)
        #expect(checksum.count == 64)
        #expect(checksum == SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined())
    }

    // MARK: - Refusals

    @Test func aFlippedByteFailsTheChecksum() {
        var file = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path)
        file[10] ^= 0x01
        #expect(reason(file, key: nil)?.contains("truncated or corrupt") == true)
    }

    @Test func aFileCutShortFailsTheChecksum() {
        let file = SegmentEnvelope.seal(plaintext, key: key, associatedPath: path)
        #expect(reason(file.dropLast(1), key: key)?.contains("truncated or corrupt") == true)
    }

    @Test func aFileShorterThanAHeaderAndChecksumIsTruncated() {
        let file = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path)
        #expect(reason(file.prefix(20), key: nil)?.contains("is 20 bytes") == true)
        #expect(reason(file.prefix(3), key: nil)?.contains("truncated") == true)
        #expect(reason(Data(), key: nil)?.contains("truncated") == true)
    }

    @Test func aForeignFileIsNotAParleySyncFile() {
        let failure = ParleyErrorCapture.sync {
            _ = try open(
                Data(#"{"not":"a segment", "padding": "...................................."}"#.utf8), key: nil)
        }
        #expect(failure?.reason.contains("not a Parley sync file") == true)
        #expect(failure?.path == path)
    }

    @Test func aNewerFormatIsNamed() {
        var file = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path)
        file[6] = 2
        let reason = reason(withFixedChecksum(file), key: nil)
        #expect(reason?.contains("format version 2") == true)
        #expect(reason?.contains("written by a newer Parley") == true)
    }

    @Test func unknownFlagsAreRefused() {
        var file = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path)
        file[7] = 0b10
        #expect(reason(withFixedChecksum(file), key: nil)?.contains("unknown flags 2") == true)
    }

    @Test func anEditedEncryptedFileFailsAuthentication() {
        var file = SegmentEnvelope.seal(plaintext, key: key, associatedPath: path)
        file[20] ^= 0x01
        #expect(reason(withFixedChecksum(file), key: key)?.contains("fails authentication") == true)
    }

    @Test func aFileMovedToAnotherPathFailsAuthentication() {
        let file = SegmentEnvelope.seal(plaintext, key: key, associatedPath: path)
        let moved = path.replacingOccurrences(of: "0000000000000001.seg", with: "0000000000000002.seg")
        #expect(reason(file, key: key, path: moved)?.contains("moved from another path") == true)
    }

    @Test func aFileSealedWithAnotherKeyFailsAuthentication() {
        let file = SegmentEnvelope.seal(plaintext, key: SymmetricKey(size: .bits256), associatedPath: path)
        #expect(reason(file, key: key)?.contains("sealed with another key") == true)
    }

    @Test func anEncryptedFileNeedsAKey() {
        let file = SegmentEnvelope.seal(plaintext, key: key, associatedPath: path)
        #expect(reason(file, key: nil)?.contains("no passphrase was given") == true)
    }

    @Test func aPlainFileOnAnEncryptedTargetIsRefused() {
        let file = SegmentEnvelope.seal(plaintext, key: nil, associatedPath: path)
        #expect(reason(file, key: key)?.contains("is not encrypted, but the target is") == true)
    }

    @Test func clearingTheEncryptedFlagDoesNotDowngradeAFile() {
        var file = SegmentEnvelope.seal(plaintext, key: key, associatedPath: path)
        file[7] = 0
        let stripped = withFixedChecksum(file)
        #expect(reason(stripped, key: key)?.contains("is not encrypted, but the target is") == true)
        #expect(reason(stripped, key: nil)?.contains("compressed data") == true)
    }

    @Test func aPlaintextOverTheLimitIsRefused() {
        let file = SegmentEnvelope.seal(Data(count: 100_000), key: key, associatedPath: path)
        let failure = ParleyErrorCapture.sync {
            _ = try SegmentEnvelope.open(file, key: key, associatedPath: path, maximumPlaintextBytes: 99_999)
        }
        #expect(failure?.reason.contains("more than the limit of 99999 bytes") == true)
    }
}
