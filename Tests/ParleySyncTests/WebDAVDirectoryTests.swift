import Foundation
import GRDB
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// The WebDAV target against real WebDAV servers on 127.0.0.1, WsgiDAV and Apache's mod_dav: what only WebDAV
/// has (stale temporary files, a missing folder, credentials from netrc or a password file, URL rules); what
/// every target does is in ``RemoteDirectoryConformanceTests``.
@Suite struct WebDAVDirectoryTests {
    /// One server of a kind, with a netrc for it and the `/sync` folder made.
    struct Fixture {
        let server: any WebDAVTestServer
        let secrets = TemporaryFolder(prefix: "parley-secrets-")
        let netrc: String

        init(_ kind: WebDAVTestServers.Kind) throws {
            server = try WebDAVTestServers.start(kind)
            netrc = try server.netrc(in: secrets)
            try FileManager.default.createDirectory(
                atPath: server.root.file("sync"), withIntermediateDirectories: true)
        }

        func target(_ url: String? = nil, netrc: String? = nil) throws -> WebDAVDirectory {
            try WebDAVDirectory(url: url ?? server.syncURL(), environment: ["NETRC": netrc ?? self.netrc])
        }
    }

    private func path(_ text: String) throws -> RemotePath { try RemotePath(validating: text) }

    @Test(arguments: WebDAVTestServers.Kind.allCases)
    func staleTemporaryFilesAreRemovedAndRecentOnesKept(kind: WebDAVTestServers.Kind) async throws {
        let fixture = try Fixture(kind)
        let server = fixture.server
        let target = try fixture.target()
        try await target.makeFolder(path("parley"))
        let folder = server.root.file("sync/parley")
        for name in [".tmp-00aa-head.json", ".tmp-00bb-head.json"] {
            #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8)))
        }
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: folder + "/.tmp-00aa-head.json")
        try await target.removeStaleTemporaryFiles(in: path("parley"), olderThanSeconds: 3600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [".tmp-00bb-head.json"])
    }

    @Test(arguments: WebDAVTestServers.Kind.allCases)
    func wrongCredentialsAreRefusedAtOnceNamingWhereTheyCameFrom(kind: WebDAVTestServers.Kind) async throws {
        let fixture = try Fixture(kind)
        let server = fixture.server
        let wrong = try server.netrc(in: TemporaryFolder(), password: "not-the-password")
        let target = try fixture.target(netrc: wrong)
        let refused = await ParleyErrorCapture.async { _ = try await target.list(path("parley")) }
        #expect(
            refused?.reason.contains("refused the credentials (HTTP 401)") == true, "\(String(describing: refused))")
        #expect(refused?.reason.contains(wrong) == true)
        #expect(refused?.reason.contains(server.password) == false)
    }

    @Test(arguments: WebDAVTestServers.Kind.allCases)
    func aMissingTargetFolderIsReportedNotCreated(kind: WebDAVTestServers.Kind) async throws {
        let fixture = try Fixture(kind)
        let server = fixture.server
        let target = try fixture.target(server.url("/nowhere"))
        let missing = await ParleyErrorCapture.async { try await target.makeFolder(path("parley/devices")) }
        #expect(missing?.reason.contains("does not exist on the server") == true, "\(String(describing: missing))")
        #expect(!FileManager.default.fileExists(atPath: server.root.file("nowhere")))
    }

    @Test(arguments: [
        ("http://dav.example.com/sync", "clear text"), ("https://me:secret@dav.example.com/sync", "holds a password"),
        ("https://dav.example.com/a/../b", ". or .."), ("https:///sync", "is not a URL"),
    ])
    func unsafeURLsAreRefused(url: String, rule: String) throws {
        let error = ParleyErrorCapture.invalidValue { _ = try WebDAVDirectory(url: url, environment: [:]) }
        #expect(error?.field == "target")
        #expect(error?.rule.contains(rule) == true, "\(String(describing: error))")
        #expect(error?.rule.contains("secret") != true)
    }

    @Test(arguments: WebDAVTestServers.Kind.allCases)
    func aPasswordFileStandsInForNetrcAndIsRecordedByPathOnly(kind: WebDAVTestServers.Kind) async throws {
        let fixture = try Fixture(kind)
        let server = fixture.server
        let secrets = fixture.secrets
        let passwordFile = secrets.file("dav-password")
        #expect(
            FileManager.default.createFile(
                atPath: passwordFile, contents: Data((server.password + "\n").utf8),
                attributes: [.posixPermissions: 0o600]))
        let device = try SyncDevice(targetEnvironment: ["NETRC": secrets.file("no-such-netrc")])
        let url = "http://\(server.user)@127.0.0.1:\(server.port)/sync"
        _ = try await device.engine.configure(
            url: url, passphraseFile: nil, connection: TargetConnection(passwordFile: passwordFile))
        try await SyncPair.write(3, on: device, title: "with a password file")
        let report = try await device.engine.run()
        #expect(report.exportedSegments == 1)
        let recorded = try #require(try device.store.sync.target())
        #expect(recorded.connection.passwordFile == passwordFile)
        let stored = try await device.store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT coalesce(url, '') || coalesce(connection, '') FROM sync_target")
        }
        #expect(stored.allSatisfy { !$0.contains(server.password) }, "the password is not in the database")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: passwordFile)
        let refused = ParleyErrorCapture.invalidValue {
            _ = try WebDAVDirectory(url: url, passwordFile: passwordFile, environment: [:])
        }
        #expect(refused?.field == "password_file")
        #expect(refused?.rule.contains("chmod 600") == true)
    }
}
