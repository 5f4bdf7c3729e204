import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@testable import ParleySync

@Suite struct PassphraseFileTests {
    let folder = TemporaryFolder()
    var path: String { folder.file("passphrase") }

    private func save(_ text: String, mode: Int = 0o600) {
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
    }

    private func refusal() -> (field: String, value: String, rule: String)? {
        ParleyErrorCapture.invalidValue { _ = try PassphraseFile.read(path: path) }
    }

    @Test func oneTrailingNewlineIsStripped() throws {
        save("correct horse battery staple\n")
        #expect(try PassphraseFile.read(path: path) == Data("correct horse battery staple".utf8))
        save("correct horse battery staple\r\n")
        #expect(try PassphraseFile.read(path: path) == Data("correct horse battery staple".utf8))
        save("correct horse battery staple\n\n")
        #expect(try PassphraseFile.read(path: path) == Data("correct horse battery staple\n".utf8))
        save("correct horse battery staple")
        #expect(try PassphraseFile.read(path: path) == Data("correct horse battery staple".utf8))
    }

    @Test func aFileOthersCanReadIsRefusedWithTheFix() throws {
        save("correct horse battery staple\n", mode: 0o644)
        let failure = refusal()
        #expect(failure?.field == "passphrase_file")
        #expect(failure?.value == path)
        #expect(failure?.rule.contains("chmod 600 \(path)") == true)
        #expect(failure?.rule.contains("644") == true)
        #expect(
            failure.map { "\(ParleyError.invalidValue(field: $0.field, value: $0.value, rule: $0.rule))" }?
                .contains("horse") == false)
    }

    @Test func aGroupWritableFileIsRefused() {
        save("correct horse battery staple\n", mode: 0o620)
        #expect(refusal()?.rule.contains("chmod 600") == true)
    }

    @Test(arguments: ["short7!\n", "\n", "", "\r\n"])
    func aShortOrEmptyPassphraseIsRefusedWithoutEchoingIt(text: String) throws {
        save(text)
        let failure = try #require(refusal())
        #expect(failure.value == path)
        #expect(failure.rule.contains("empty") || failure.rule.contains("at least 8"))
        #expect(!failure.rule.contains("short7"))
    }

    @Test func eightCharactersAreEnoughEvenOutsideASCII() throws {
        save("pässwört\n")
        #expect(try PassphraseFile.read(path: path) == Data("pässwört".utf8))
    }

    @Test func aFileOver4KiBIsRefused() {
        save(String(repeating: "x", count: 4097))
        #expect(refusal()?.rule.contains("4097 bytes") == true)
    }

    @Test func aMissingFileIsRefused() {
        #expect(refusal()?.rule.contains("cannot be opened") == true)
    }

    @Test func aWrittenPassphraseIsPrivateAndReadsBack() throws {
        let passphrase = Data("correct horse battery staple".utf8)
        try PassphraseFile.write(passphrase, to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try PassphraseFile.read(path: path) == passphrase)
        try PassphraseFile.write(Data("another long passphrase".utf8), to: path)
        #expect(try PassphraseFile.read(path: path) == Data("another long passphrase".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["passphrase"])
    }

    @Test func writingRefusesAShortOrMultilinePassphrase() {
        let short = ParleyErrorCapture.invalidValue { try PassphraseFile.write(Data("abc".utf8), to: path) }
        #expect(short?.rule.contains("at least 8") == true)
        let multiline = ParleyErrorCapture.invalidValue {
            try PassphraseFile.write(Data("first line\nsecond line".utf8), to: path)
        }
        #expect(multiline?.rule.contains("line break") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
