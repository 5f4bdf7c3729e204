import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// Two real daemons syncing through each kind of remote target (OpenSSH's SFTP, Apache's WebDAV, SeaweedFS's
/// S3), set up with `parley sync init` the way a person would, encrypted and not: they converge, the status and
/// `parley doctor` say what kind of target it is and what the last run moved, and no secret reaches the
/// database, the log or what is printed.
@Suite struct RemoteSyncDaemonTests {
    enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case sftp, webdav, s3
        var description: String { rawValue }
    }

    /// A started server, the URL and `sync init` options for it, the daemons' environment, and the secrets that
    /// must never show.
    final class Remote: Sendable {
        let url: String
        let firstOptions: [String]
        let secondOptions: [String]
        let environment: [String: String]
        let secrets: [String]
        let home = TemporaryFolder(prefix: "parley-remote-home-")
        private let server: any Sendable

        init(_ kind: Kind) throws {
            let files = TemporaryFolder(prefix: "parley-remote-secrets-")
            switch kind {
            case .sftp:
                let ssh = try SSHServer()
                try FileManager.default.createDirectory(
                    atPath: ssh.root.file("sync"), withIntermediateDirectories: true)
                try FileManager.default.createDirectory(atPath: home.file(".ssh"), withIntermediateDirectories: true)
                try Data((ssh.knownHostsLine() + "\n").utf8).write(
                    to: URL(fileURLWithPath: home.file(".ssh/known_hosts")))
                url = ssh.url()
                // One daemon pins the host key, the other finds it in known_hosts.
                firstOptions = ["--identity-file", ssh.clientKey, "--host-key", ssh.hostKeyFingerprint]
                secondOptions = ["--identity-file", ssh.clientKey]
                environment = ["HOME": home.path, "SSH_AUTH_SOCK": ""]
                let key = try String(contentsOfFile: ssh.clientKey, encoding: .utf8)
                secrets = key.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
                server = ssh
            case .webdav:
                let dav = try ApacheDAVServer()
                try FileManager.default.createDirectory(
                    atPath: dav.root.file("sync"), withIntermediateDirectories: true)
                let passwordFile = files.file("dav-password")
                #expect(
                    FileManager.default.createFile(
                        atPath: passwordFile, contents: Data(dav.password.utf8),
                        attributes: [.posixPermissions: 0o600]))
                url = "http://\(dav.user)@127.0.0.1:\(dav.port)/sync"
                firstOptions = ["--password-file", passwordFile]
                secondOptions = firstOptions
                environment = ["HOME": home.path, "NETRC": home.file("no-netrc")]
                secrets = [dav.password]
                server = (dav, files)
            case .s3:
                let s3 = try S3Server()
                url = "s3://\(s3.bucket)/sync?endpoint=\(s3.endpoint())"
                firstOptions = []
                secondOptions = []
                environment = [
                    "HOME": home.path, "AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey,
                    "AWS_REGION": s3.region, "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
                ]
                secrets = [s3.secretKey]
                server = s3
            }
            _ = files
        }
    }

    /// A JSON number as an integer.
    static func number(_ value: JSONValue) -> Int? {
        if case let .integer(number) = value { return Int(number) }
        return nil
    }

    @Test(arguments: Kind.allCases, [false, true])
    func twoDaemonsConvergeThroughTheTarget(kind: Kind, encrypted: Bool) throws {
        let remote = try Remote(kind)
        let passphrase = remote.home.file("passphrase")
        #expect(
            FileManager.default.createFile(
                atPath: passphrase, contents: Data("a long shared passphrase".utf8),
                attributes: [.posixPermissions: 0o600]))
        let encryption = encrypted ? ["--passphrase-file", passphrase] : []
        let first = try DaemonHarness(environment: remote.environment).start()
        let second = try DaemonHarness(environment: remote.environment).start()

        let joined = try first.run(
            ["sync", "init", remote.url] + remote.firstOptions + encryption + ["--socket", first.socketPath])
        #expect(joined.status == 0, "\(joined.output)\(joined.errors)")
        #expect(joined.output.contains("(encrypted)") == encrypted)
        let client = try first.client()
        let conversation = try client.call("conversation.create", ["title": .string("across machines, \(kind)")])
        let id = conversation["id"] ?? .null
        for text in ["Does it sync over \(kind)?", "It does: 同步"] {
            _ = try client.call("message.append", ["conversation_id": id, "role": "user", "content": .string(text)])
        }
        let ran = try first.run(["sync", "--json", "--socket", first.socketPath])
        #expect(ran.status == 0, "\(ran.errors)")
        let report = try JSONValue.parse(ran.output)
        #expect(report["exported_segments"] == 1)
        #expect((report["moved"]?["files_written"]).flatMap(Self.number) ?? 0 >= 2, "\(report)")
        #expect((report["moved"]?["requests"]).flatMap(Self.number) ?? 0 > 0, "\(report)")

        let secondJoined = try second.run(
            ["sync", "init", remote.url] + remote.secondOptions + encryption + ["--socket", second.socketPath])
        #expect(secondJoined.status == 0, "\(secondJoined.output)\(secondJoined.errors)")
        let other = try second.client()
        let back = try other.call("conversation.create", ["title": "back"])["id"] ?? .null
        _ = try other.call("message.append", ["conversation_id": back, "role": "user", "content": "and back"])
        let imported = try other.call("sync.run")
        #expect(imported["skipped"] == [], "\(imported)")
        #expect(try other.call("message.list", ["conversation_id": id])["items"]?.arrayValue?.count == 2)
        _ = try client.call("sync.run")
        _ = try other.call("sync.run")
        _ = try client.call("sync.run")

        let firstStatus = try client.call("sync.status")
        let secondStatus = try other.call("sync.status")
        #expect(firstStatus["content_hash"] == secondStatus["content_hash"])
        #expect(firstStatus["target_kind"]?.stringValue == kind.rawValue)
        #expect(firstStatus["reachable"] == true)
        #expect(firstStatus["peers"]?.arrayValue?.first?["verdict"] == "in_sync", "\(firstStatus)")
        #expect((firstStatus["last_moved"]?["requests"]).flatMap(Self.number) ?? 0 > 0, "\(firstStatus)")
        let status = try first.run(["sync", "status", "--socket", first.socketPath])
        #expect(status.output.contains("in sync"), "\(status.output)")
        #expect(status.output.contains("request"), "\(status.output)")
        #expect(status.output.contains(kind.rawValue), "\(status.output)")
        #expect(first.stop() == 0)
        #expect(second.stop() == 0)
        let doctor = try first.run(["doctor"])
        #expect(doctor.status == 0, "\(doctor.output)\(doctor.errors)")
        #expect(doctor.output.contains("in sync"))

        // No secret anywhere Parley writes or prints.
        let written = [
            joined.output, joined.errors, ran.output, status.output, doctor.output, first.log(), second.log(),
        ]
        for harness in [first, second] {
            let database = try Data(contentsOf: URL(fileURLWithPath: harness.dataFolder + "/parley.sqlite"))
            for secret in remote.secrets where !secret.isEmpty {
                #expect(database.range(of: Data(secret.utf8)) == nil, "a secret is in the database")
            }
        }
        for text in written {
            for secret in remote.secrets where !secret.isEmpty {
                #expect(!text.contains(secret), "a secret was printed or logged")
            }
        }
    }
}

/// A daemon that finds its SSH key in ssh-agent (`SSH_AUTH_SOCK` in its environment), the way a key with a
/// passphrase is used: `parley sync init sftp://…` needs no key file, and none is in `~/.ssh`.
@Suite struct SSHAgentDaemonTests {
    @Test func aDaemonLogsInWithTheKeysOfItsSSHAgent() throws {
        let server = try SSHServer()
        try FileManager.default.createDirectory(atPath: server.root.file("sync"), withIntermediateDirectories: true)
        let home = TemporaryFolder(prefix: "parley-agent-home-")
        try FileManager.default.createDirectory(atPath: home.file(".ssh"), withIntermediateDirectories: true)
        try Data((server.knownHostsLine() + "\n").utf8).write(to: URL(fileURLWithPath: home.file(".ssh/known_hosts")))
        let agent = try SSHAgent(in: home)
        try agent.add(server.clientKey)
        let daemon = try DaemonHarness(environment: ["HOME": home.path, "SSH_AUTH_SOCK": agent.socket]).start()
        let joined = try daemon.run(["sync", "init", server.url(), "--socket", daemon.socketPath])
        #expect(joined.status == 0, "\(joined.output)\(joined.errors)")
        let ran = try daemon.run(["sync", "--socket", daemon.socketPath])
        #expect(ran.status == 0, "\(ran.output)\(ran.errors)")
        #expect(FileManager.default.fileExists(atPath: server.root.file("sync/parley/target.json")))
        #expect(daemon.stop() == 0)

        // Without the agent, and with no key in ~/.ssh, the daemon says what it needs.
        let keyless = try DaemonHarness(environment: ["HOME": home.path, "SSH_AUTH_SOCK": ""]).start()
        let refused = try keyless.run(["sync", "init", server.url(), "--socket", keyless.socketPath])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("no ssh-agent"), "\(refused.output)\(refused.errors)")
        #expect(keyless.stop() == 0)
    }
}
