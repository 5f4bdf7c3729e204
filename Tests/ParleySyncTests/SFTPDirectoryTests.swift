import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// The SFTP target against a real OpenSSH server on 127.0.0.1: what only SFTP has (files its owner's alone, a
/// retried rename), who may log in with which key, how the host is trusted (known_hosts, a pinned fingerprint,
/// an unknown host, a changed key), and the connection failing on purpose through the proxy; what every target
/// does is in ``RemoteDirectoryConformanceTests``.
@Suite struct SFTPDirectoryTests {
    let server: SSHServer
    let home = TemporaryFolder(prefix: "parley-sftp-home-")

    init() throws {
        server = try SSHServer()
        try FileManager.default.createDirectory(atPath: server.root.file("sync"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home.file(".ssh"), withIntermediateDirectories: true)
        try trustServer()
    }

    /// Writes the server's current host key into `~/.ssh/known_hosts`.
    func trustServer() throws {
        try Data((server.knownHostsLine() + "\n").utf8).write(to: URL(fileURLWithPath: home.file(".ssh/known_hosts")))
    }

    var environment: [String: String] { ["HOME": home.path, "USER": server.user] }

    private func target(
        _ url: String? = nil, identityFile: String? = nil, hostKey: String? = nil, network: NetworkOptions? = nil
    ) throws -> SFTPDirectory {
        try SFTPDirectory(
            url: url ?? server.url(), identityFile: identityFile ?? server.clientKey, hostKey: hostKey,
            environment: environment, network: network ?? ProxiedTarget.network())
    }

    private func path(_ text: String) throws -> RemotePath { try RemotePath(validating: text) }

    @Test func filesAreTheOwnersAloneAndARetriedWriteFindsItsOwnFile() async throws {
        let target = try target()
        try await target.makeFolder(path("parley/devices/one"))
        let data = Data("a segment".utf8)
        try await target.write(data, to: path("parley/devices/one/a.seg"), replacing: false)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: server.root.file("sync/parley/devices/one/a.seg"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "a file on the server is its owner's alone")
        let folder = try FileManager.default.attributesOfItem(atPath: server.root.file("sync/parley/devices/one"))
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        // The same bytes again are a write whose answer was lost, retried: it succeeds, and changes nothing.
        try await target.write(data, to: path("parley/devices/one/a.seg"), replacing: false)
        let other = await ParleyErrorCapture.async {
            try await target.write(Data("other".utf8), to: path("parley/devices/one/a.seg"), replacing: false)
        }
        #expect(other?.reason.contains("already exists") == true, "\(String(describing: other))")
        #expect(try await target.read(path("parley/devices/one/a.seg"), maximumBytes: 1024) == data)
        let left = try FileManager.default.contentsOfDirectory(atPath: server.root.file("sync/parley/devices/one"))
        #expect(left == ["a.seg"], "no temporary file was left behind")
    }

    @Test func staleTemporaryFilesAreRemovedAndRecentOnesKept() async throws {
        let target = try target()
        try await target.makeFolder(path("parley"))
        let folder = server.root.file("sync/parley")
        for name in [".tmp-00aa-head.json", ".tmp-00bb-head.json"] {
            #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8)))
        }
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3 * 86_400)], ofItemAtPath: folder + "/.tmp-00aa-head.json")
        try await target.removeStaleTemporaryFiles(in: path("parley"), olderThanSeconds: 86_400)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [".tmp-00bb-head.json"])
    }

    @Test func aMissingTargetFolderIsReportedNotCreated() async throws {
        let target = try target(server.url("/nowhere"))
        let missing = await ParleyErrorCapture.async { try await target.makeFolder(path("parley/devices")) }
        #expect(missing?.reason.contains("does not exist on the server") == true, "\(String(describing: missing))")
        #expect(!FileManager.default.fileExists(atPath: server.root.file("nowhere")))
    }

    @Test func anUnknownHostIsRefusedWithItsFingerprintAndTheCommandThatTrustsIt() async throws {
        try FileManager.default.removeItem(atPath: home.file(".ssh/known_hosts"))
        let target = try target()
        let refused = await ParleyErrorCapture.async { _ = try await target.list(path("parley")) }
        let reason = refused?.reason ?? ""
        #expect(reason.contains("not known"), "\(reason)")
        #expect(reason.contains(server.hostKeyFingerprint))
        #expect(reason.contains("parley sync init '\(target.location)' --host-key \(server.hostKeyFingerprint)"))
        #expect(target.meter?.reading.requests == 1, "a host key is never retried")

        let pinned = try self.target(hostKey: server.hostKeyFingerprint)
        #expect(try await pinned.list(path("")) == [])
        let unpadded = String(server.hostKeyFingerprint.dropFirst("SHA256:".count))
        #expect(try await self.target(hostKey: unpadded + "=").list(path("")) == [])
    }

    @Test func aChangedHostKeyIsRefusedLoudlyWhetherKnownOrPinned() async throws {
        let old = server.hostKeyFingerprint
        #expect(try await target().list(path("")) == [])
        try server.restartWithNewHostKey()
        let known = try target()
        let changed = await ParleyErrorCapture.async { _ = try await known.list(path("")) }
        #expect(changed?.reason.contains("HAS CHANGED") == true, "\(String(describing: changed))")
        #expect(changed?.reason.contains(server.hostKeyFingerprint) == true)
        #expect(changed?.reason.contains("ssh-keygen -R '[127.0.0.1]:\(server.port)'") == true)
        #expect(known.meter?.reading.requests == 1)

        let pinned = try target(hostKey: old)
        let notPinned = await ParleyErrorCapture.async { _ = try await pinned.list(path("")) }
        #expect(notPinned?.reason.contains("IS NOT THE PINNED ONE") == true, "\(String(describing: notPinned))")
        #expect(notPinned?.reason.contains(old) == true)
        #expect(try await target(hostKey: server.hostKeyFingerprint).list(path("")) == [])
    }

    @Test func keysAreChosenAsOpenSSHDoesAndRSAIsRefusedWithTheReason() async throws {
        let ecdsa = try server.makeClientKey(type: "ecdsa")
        #expect(try await target(identityFile: ecdsa).list(path("")) == [])

        let rsa = try server.makeClientKey(type: "rsa")
        let refused = ParleyErrorCapture.invalidValue {
            _ = try SFTPDirectory(url: server.url(), identityFile: rsa, environment: environment)
        }
        #expect(refused?.field == "identity_file")
        #expect(refused?.rule.contains("RSA-SHA2") == true, "\(String(describing: refused))")

        // No key named: ~/.ssh/id_ed25519 is used; with only an RSA key there, the reason is given.
        let fallback = ParleyErrorCapture.invalidValue {
            try FileManager.default.copyItem(atPath: rsa, toPath: home.file(".ssh/id_rsa"))
            _ = try SFTPDirectory(url: server.url(), environment: environment)
        }
        #expect(fallback?.rule.contains("id_rsa is an RSA key") == true, "\(String(describing: fallback))")
        try FileManager.default.copyItem(atPath: server.clientKey, toPath: home.file(".ssh/id_ed25519"))
        #expect(try await SFTPDirectory(url: server.url(), environment: environment).list(path("")) == [])

        let stranger = try server.makeClientKey(type: "ed25519", authorize: false)
        let denied = try target(identityFile: stranger)
        let login = await ParleyErrorCapture.async { _ = try await denied.list(path("")) }
        #expect(login?.reason.contains("refused the login") == true, "\(String(describing: login))")
        #expect(denied.meter?.reading.requests == 1, "a refused login is not retried")
    }

    @Test(arguments: [
        ("sftp://me:secret@host/srv/sync", "holds a password"), ("sftp://host/a/../b", ". or .."),
        ("sftp://host/", "names no folder"), ("sftp:///srv", "is not an SFTP URL"),
    ])
    func unsafeURLsAreRefused(url: String, rule: String) throws {
        let error = ParleyErrorCapture.invalidValue {
            _ = try SFTPDirectory(url: url, identityFile: server.clientKey, environment: environment)
        }
        #expect(error?.field == "target")
        #expect(error?.rule.contains(rule) == true, "\(String(describing: error))")
        #expect(error?.rule.contains("secret") != true)
    }

    @Test func aBrokenOrStalledConnectionIsRetriedAndARunOutOfTriesCompletesNextTime() async throws {
        let proxy = try FaultProxy(upstreamPort: server.port, http: false)
        let url = server.url().replacingOccurrences(of: ":\(server.port)/", with: ":\(proxy.port)/")
        try Data("[127.0.0.1]:\(proxy.port) \(server.hostPublicKey)\n".utf8).write(
            to: URL(fileURLWithPath: home.file(".ssh/known_hosts")))
        let connection = TargetConnection(identityFile: server.clientKey)
        var options = SyncOptions()
        options.maximumSegmentRecords = 8
        let first = try SyncDevice(
            options: options, targetEnvironment: environment,
            network: ProxiedTarget.network(idleTimeoutSeconds: 1, attempts: 2))
        let second = try SyncDevice(options: options, targetEnvironment: environment)
        _ = try await first.engine.configure(url: url, passphraseFile: nil, connection: connection)
        _ = try await second.engine.configure(url: url, passphraseFile: nil, connection: connection)

        try await SyncPair.write(10, on: first, title: "reset once")
        try proxy.resetAfter(bytes: 2_000, count: 1)
        try proxy.dropConnections()
        let reset = try await first.engine.run()
        #expect(reset.moved.retries ?? 0 >= 1, "\(reset.moved)")

        try await SyncPair.write(10, on: first, title: "stalled once")
        try proxy.stall(seconds: 6, afterBytes: 1_000, count: 1)
        try proxy.dropConnections()
        let stalled = try await first.engine.run()
        #expect(stalled.moved.retries ?? 0 >= 1, "\(stalled.moved)")

        // Segments of about 16 KB: a connection cut after 8 KB of uploads breaks each one halfway.
        try await SyncPair.write(30, on: first, title: "cut off", padding: 2_000)
        try proxy.resetUploadAfter(bytes: 8_000, count: 1_000)
        try proxy.dropConnections()
        let failed = await ParleyErrorCapture.async { _ = try await first.engine.run() }
        #expect(failed?.reason.contains("2 tries") == true, "\(String(describing: failed))")
        try proxy.pass()
        let resumed = try await first.engine.run()
        #expect(resumed.exportedSegments >= 1)
        let imported = try await second.engine.run()
        #expect(imported.skipped.isEmpty, "\(imported.skipped)")
        #expect(try second.count("SELECT count(*) FROM message") == 50)
        #expect(try await first.store.sync.contentHash() == second.store.sync.contentHash())
    }
}
