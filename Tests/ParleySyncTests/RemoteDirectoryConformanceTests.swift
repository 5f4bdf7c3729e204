import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@testable import ParleyStore
@testable import ParleySync

/// What every kind of network target must do the same, against its real server (WsgiDAV, Apache mod_dav, S3
/// on SeaweedFS, OpenSSH's SFTP): the operations of a `RemoteDirectory`, the size limit on reads, and two
/// devices converging through an encrypted target, with a run that has nothing new costing four requests on the
/// connection the previous run opened.
@Suite struct RemoteDirectoryConformanceTests {
    private func path(_ text: String) throws -> RemotePath { try RemotePath(validating: text) }

    @Test(arguments: ProxiedTarget.Kind.allCases)
    func filesAreWrittenOnceReadListedAndRemoved(kind: ProxiedTarget.Kind) async throws {
        let remote = try ProxiedTarget(kind)
        let target = try remote.directory()
        #expect(try await target.list(path("parley")) == nil)
        try await target.makeFolder(path("parley/devices/one"))
        try await target.makeFolder(path("parley/devices/one"))
        #expect(try await target.list(path("parley/devices/one")) == [])
        let data = Data("a segment".utf8)
        try await target.write(data, to: path("parley/devices/one/a.seg"), replacing: false)
        #expect(try await target.read(path("parley/devices/one/a.seg"), maximumBytes: 1024) == data)
        #expect(
            try await target.list(path("parley/devices/one"))
                == [RemoteEntry(name: "a.seg", kind: .file, size: Int64(data.count))])
        #expect(try await target.list(path("parley/devices")) == [RemoteEntry(name: "one", kind: .folder, size: 0)])

        let again = await ParleyErrorCapture.async {
            try await target.write(Data("other".utf8), to: path("parley/devices/one/a.seg"), replacing: false)
        }
        #expect(again?.reason.contains("already exists") == true, "\(String(describing: again))")
        #expect(try await target.read(path("parley/devices/one/a.seg"), maximumBytes: 1024) == data)
        try await target.write(Data("newer".utf8), to: path("parley/devices/one/a.seg"), replacing: true)
        #expect(try await target.read(path("parley/devices/one/a.seg"), maximumBytes: 1024) == Data("newer".utf8))

        try await target.remove(path("parley/devices/one/a.seg"))
        try await target.remove(path("parley/devices/one/a.seg"))
        #expect(try await target.read(path("parley/devices/one/a.seg"), maximumBytes: 1024) == nil)
        #expect(try await target.list(path("parley/devices/none")) == nil)
        if let folder = remote.serverFolder {
            let left = try FileManager.default.contentsOfDirectory(atPath: folder + "/parley/devices/one")
            #expect(left == [], "no temporary file was left behind")
        }
        #expect(try #require(target.meter).reading.retries == 0)
    }

    @Test(arguments: ProxiedTarget.Kind.allCases)
    func aFileOverTheLimitIsRefusedWithoutUsingIt(kind: ProxiedTarget.Kind) async throws {
        let remote = try ProxiedTarget(kind)
        let target = try remote.directory()
        try await target.makeFolder(path("parley"))
        try await target.write(Data(repeating: 7, count: 50_000), to: path("parley/big.seg"), replacing: false)
        let refused = await ParleyErrorCapture.async {
            _ = try await target.read(path("parley/big.seg"), maximumBytes: 1000)
        }
        #expect(refused?.reason.contains("more than 1000 bytes") == true, "\(String(describing: refused))")
        withExtendedLifetime(remote) {}
    }

    @Test(arguments: ProxiedTarget.Kind.allCases)
    func twoDevicesConvergeThroughAnEncryptedTargetAndAnIdleRunOnlyLists(kind: ProxiedTarget.Kind) async throws {
        let remote = try ProxiedTarget(kind)
        let first = try remote.device()
        let second = try remote.device()
        let passphrase = remote.home.file("passphrase")
        #expect(
            FileManager.default.createFile(
                atPath: passphrase, contents: Data("a long shared passphrase".utf8),
                attributes: [.posixPermissions: 0o600]))
        for device in [first, second] {
            _ = try await device.engine.configure(
                url: remote.url, passphraseFile: passphrase, connection: remote.connection)
        }
        try await SyncPair.write(30, on: first, title: "over \(kind)")
        try await SyncPair.write(20, on: second, title: "back again")
        _ = try await first.engine.run()
        let report = try await second.engine.run()
        #expect(report.skipped.isEmpty)
        #expect(report.importedSegments == 1)
        #expect(report.moved.filesWritten >= 2, "a segment and a head")
        #expect(report.moved.requests ?? 0 > 0)
        _ = try await first.engine.run()
        #expect(try first.count("SELECT count(*) FROM message") == 50)
        #expect(try second.count("SELECT count(*) FROM message") == 50)
        #expect(try await first.store.sync.contentHash() == second.store.sync.contentHash())
        let status = try await first.engine.status()
        #expect(status.targetKind == TargetURL.kind(of: remote.url).rawValue)
        #expect(status.reachable == true)
        #expect(status.peers.first?.verdict == .inSync)
        if let folder = remote.serverFolder {
            // Sealed on the server: no message text is readable there.
            let files = try FileManager.default.subpathsOfDirectory(atPath: folder)
            #expect(files.contains { $0.hasSuffix(".seg") })
            for file in files where file.hasSuffix(".seg") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
                #expect(bytes.range(of: Data("同步".utf8)) == nil)
            }
        }

        // Nothing new: target.json read, the devices listed, and each device's folder listed; nothing written.
        _ = try await second.engine.run()
        try remote.proxy.resetStats()
        let idle = try await second.engine.run()
        #expect(idle.moved.filesWritten == 0)
        #expect(idle.moved.filesRead == 1, "target.json only")
        #expect(idle.moved.requests == 4, "\(idle.moved)")
        let counted = try remote.proxy.stats()
        #expect(counted.connections == 0, "the previous run's connection is reused: \(counted)")
        if kind != .sftp {
            #expect(counted.requests == 4, "\(counted)")
            #expect(counted.methods["PUT"] == nil && counted.methods["DELETE"] == nil, "\(counted)")
        }
        #expect(try await second.engine.status().lastMoved == idle.moved)
    }
}
