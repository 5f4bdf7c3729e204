import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@testable import ParleySync

@Suite struct LocalDirectoryTests {
    let folder = TemporaryFolder()
    let outside = TemporaryFolder()
    let target: LocalDirectory

    init() throws {
        target = try LocalDirectory(url: folder.path)
    }

    private func path(_ text: String) throws -> RemotePath { try RemotePath(validating: text) }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    private func names(in text: String) throws -> [String] {
        try #require(try target.list(path(text))).map(\.name)
    }

    // MARK: - Reading and writing

    @Test func aWrittenFileReadsBackAndIsListed() throws {
        let data = Data("{\"last\":42}".utf8)
        try target.makeFolder(path("parley/devices/one"))
        try target.write(data, to: path("parley/devices/one/head.json"), replacing: false)
        #expect(try target.read(path("parley/devices/one/head.json"), maximumBytes: 1024) == data)
        let entries = try #require(try target.list(path("parley/devices/one")))
        #expect(entries == [RemoteEntry(name: "head.json", kind: .file, size: Int64(data.count))])
        #expect(try target.list(path("parley/devices")) == [RemoteEntry(name: "one", kind: .folder, size: 0)])
    }

    @Test func replacingFalseRefusesAnExistingFileAndLeavesItAlone() throws {
        try target.makeFolder(path("parley"))
        try target.write(Data("first".utf8), to: path("parley/a.seg"), replacing: false)
        let failure = ParleyErrorCapture.sync {
            try target.write(Data("second".utf8), to: path("parley/a.seg"), replacing: false)
        }
        #expect(failure?.reason.contains("already exists") == true)
        #expect(failure?.path == folder.path + "/parley/a.seg")
        #expect(try target.read(path("parley/a.seg"), maximumBytes: 100) == Data("first".utf8))
        #expect(try names(in: "parley") == ["a.seg"])
    }

    @Test func replacingTrueReplacesTheFile() throws {
        try target.makeFolder(path("parley"))
        try target.write(Data("first".utf8), to: path("parley/head.json"), replacing: true)
        try target.write(Data("second".utf8), to: path("parley/head.json"), replacing: true)
        #expect(try target.read(path("parley/head.json"), maximumBytes: 100) == Data("second".utf8))
        #expect(try names(in: "parley") == ["head.json"])
    }

    @Test func writtenFilesArePrivateAndFoldersToo() throws {
        try target.makeFolder(path("parley/devices/one"))
        try target.write(Data("x".utf8), to: path("parley/devices/one/head.json"), replacing: false)
        #expect(try mode(folder.file("parley")) == 0o700)
        #expect(try mode(folder.file("parley/devices")) == 0o700)
        #expect(try mode(folder.file("parley/devices/one")) == 0o700)
        #expect(try mode(folder.file("parley/devices/one/head.json")) == 0o600)
    }

    @Test func makingAnExistingFolderSucceeds() throws {
        try target.makeFolder(path("parley/devices"))
        try target.makeFolder(path("parley/devices"))
        try target.makeFolder(.root)
        #expect(try names(in: "parley") == ["devices"])
    }

    @Test func aMissingFileIsNilAndAMissingFolderListsAsNil() throws {
        #expect(try target.read(path("parley/target.json"), maximumBytes: 100) == nil)
        #expect(try target.list(path("parley")) == nil)
        try target.makeFolder(path("parley"))
        #expect(try target.read(path("parley/target.json"), maximumBytes: 100) == nil)
        #expect(try target.list(path("parley")) == [])
    }

    @Test func writingIntoAMissingFolderIsRefused() throws {
        let failure = ParleyErrorCapture.sync {
            try target.write(Data("x".utf8), to: path("parley/head.json"), replacing: false)
        }
        #expect(failure?.reason.contains("does not exist") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("parley")))
    }

    @Test func anOversizeFileIsRefusedNamingBothSizes() throws {
        try target.makeFolder(path("parley"))
        try target.write(Data(repeating: 7, count: 1000), to: path("parley/big.seg"), replacing: false)
        let failure = ParleyErrorCapture.sync { _ = try target.read(path("parley/big.seg"), maximumBytes: 999) }
        #expect(failure?.reason.contains("1000 bytes") == true)
        #expect(failure?.reason.contains("999 bytes") == true)
        #expect(failure?.path == folder.file("parley/big.seg"))
        #expect(try target.read(path("parley/big.seg"), maximumBytes: 1000)?.count == 1000)
    }

    @Test func readingAFolderIsRefused() throws {
        try target.makeFolder(path("parley/devices"))
        let failure = ParleyErrorCapture.sync { _ = try target.read(path("parley/devices"), maximumBytes: 100) }
        #expect(failure?.reason.contains("is a folder") == true)
    }

    // MARK: - Links planted in the target

    @Test func aLinkIsListedAsOtherAndNeverRead() throws {
        let secret = outside.file("secret")
        try Data("outside the target".utf8).write(to: URL(fileURLWithPath: secret))
        try target.makeFolder(path("parley"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.file("parley/target.json"), withDestinationPath: secret)
        #expect(try target.list(path("parley")) == [RemoteEntry(name: "target.json", kind: .other, size: 0)])
        let failure = ParleyErrorCapture.sync { _ = try target.read(path("parley/target.json"), maximumBytes: 100) }
        #expect(failure?.reason.contains("is a link") == true)
    }

    @Test func aWriteReplacesALinkInsteadOfWritingThroughIt() throws {
        let secret = outside.file("secret")
        try Data("outside the target".utf8).write(to: URL(fileURLWithPath: secret))
        try target.makeFolder(path("parley"))
        try FileManager.default.createSymbolicLink(atPath: folder.file("parley/head.json"), withDestinationPath: secret)
        try target.write(Data("inside".utf8), to: path("parley/head.json"), replacing: true)
        #expect(try String(contentsOfFile: secret, encoding: .utf8) == "outside the target")
        #expect(try target.read(path("parley/head.json"), maximumBytes: 100) == Data("inside".utf8))
    }

    @Test func aLinkedFolderInsideTheTargetIsNeverEntered() throws {
        try Data("outside the target".utf8).write(to: URL(fileURLWithPath: outside.file("target.json")))
        try FileManager.default.createSymbolicLink(atPath: folder.file("parley"), withDestinationPath: outside.path)
        let read = ParleyErrorCapture.sync { _ = try target.read(path("parley/target.json"), maximumBytes: 100) }
        #expect(read?.reason.contains("is a link") == true)
        #expect(read?.path == folder.file("parley"))
        #expect(ParleyErrorCapture.sync { _ = try target.list(path("parley")) }?.reason.contains("is a link") == true)
        #expect(ParleyErrorCapture.sync { try target.makeFolder(path("parley/devices")) } != nil)
        #expect(
            ParleyErrorCapture.sync { try target.write(Data("x".utf8), to: path("parley/head.json"), replacing: true) }
                != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["target.json"])
    }

    @Test func aFileWhereAFolderShouldBeIsRefused() throws {
        #expect(FileManager.default.createFile(atPath: folder.file("parley"), contents: Data("x".utf8)))
        let failure = ParleyErrorCapture.sync { _ = try target.list(path("parley/devices")) }
        #expect(failure?.reason.contains("is not a folder") == true)
    }

    @Test func aMissingTargetIsAnErrorAndIsNotCreated() throws {
        let absent = try LocalDirectory(url: folder.file("unmounted"))
        let failure = ParleyErrorCapture.sync { _ = try absent.list(.root) }
        #expect(failure?.reason.contains("is it mounted") == true)
        #expect(ParleyErrorCapture.sync { try absent.makeFolder(path("parley")) } != nil)
        #expect(!FileManager.default.fileExists(atPath: folder.file("unmounted")))
    }

    // MARK: - Temporary files

    @Test func staleTemporaryFilesAreRemovedAndRecentOnesKept() throws {
        try target.makeFolder(path("parley"))
        let old = Date(timeIntervalSinceNow: -7200)
        for name in [".tmp-00aa-head.json", "0000000000000001-0000000000000002.seg", ".tmp-00bb-head.json"] {
            #expect(FileManager.default.createFile(atPath: folder.file("parley/" + name), contents: Data("x".utf8)))
        }
        for name in [".tmp-00aa-head.json", "0000000000000001-0000000000000002.seg"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder.file("parley/" + name))
        }
        try target.removeStaleTemporaryFiles(in: path("parley"), olderThanSeconds: 3600)
        #expect(try names(in: "parley") == [".tmp-00bb-head.json", "0000000000000001-0000000000000002.seg"])
        try target.removeStaleTemporaryFiles(in: path("parley/absent"), olderThanSeconds: 3600)
    }

    @Test func theTemporaryNameFitsTheNameLimit() {
        let long = String(repeating: "x", count: 255)
        let name = LocalDirectory.temporaryName(for: long)
        #expect(name.utf8.count == 255)
        #expect(name.hasPrefix(".tmp-"))
        #expect(LocalDirectory.temporaryName(for: "head.json").hasSuffix("-head.json"))
    }

    // MARK: - The URL

    @Test func aFileURLIsPercentDecoded() throws {
        #expect(try LocalDirectory(url: "file:///mnt/my%20share/sync/").rootPath == "/mnt/my share/sync")
        #expect(try LocalDirectory(url: "file://localhost/srv/sync").rootPath == "/srv/sync")
        #expect(try LocalDirectory(url: "/srv/sync//").rootPath == "/srv/sync")
        #expect(try LocalDirectory(url: "~/Sync").rootPath == NSHomeDirectory() + "/Sync")
    }

    @Test func aFileURLWorksForReadingAndWriting() throws {
        let spaced = folder.file("my share")
        try FileManager.default.createDirectory(atPath: spaced, withIntermediateDirectories: false)
        let viaURL = try LocalDirectory(url: "file://" + spaced.replacingOccurrences(of: " ", with: "%20"))
        try viaURL.makeFolder(path("parley"))
        try viaURL.write(Data("x".utf8), to: path("parley/target.json"), replacing: false)
        #expect(FileManager.default.fileExists(atPath: spaced + "/parley/target.json"))
    }

    @Test(arguments: [
        ("relative/path", "not an absolute path"),
        ("", "not an absolute path"),
        ("~bob/sync", "not an absolute path"),
        ("sftp://host/sync", "not supported yet"),
        ("gopher://dav.example.com/sync", "unknown scheme"),
        ("ftp://host/sync", "unknown scheme"),
        ("file://fileserver/sync", "names the host"),
        ("file:///bad%zzencoding", "percent-encoding"),
    ])
    func unusableURLsAreRefused(text: String, rule: String) {
        let failure = ParleyErrorCapture.invalidValue { _ = try LocalDirectory(url: text) }
        #expect(failure?.field == "target")
        #expect(failure?.value == text)
        #expect(failure?.rule.contains(rule) == true, "\(failure?.rule ?? "")")
    }
}
