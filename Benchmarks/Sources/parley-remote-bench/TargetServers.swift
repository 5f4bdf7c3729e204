import Foundation
import ParleyStore
import ParleySync
import ParleyTestSupport
import SyncBenchSupport

/// The servers of the run, each on 127.0.0.1 on a port the system chose, from the main package's test harnesses:
/// OpenSSH's sshd serving SFTP, WsgiDAV, Apache's mod_dav, SeaweedFS's S3 gateway; and, for counting requests, a
/// ``FaultProxy`` in front of each HTTP server. Each server stops (its own process only) when this value goes
/// away.
final class TargetServers: Sendable {
    let sshd: SSHServer
    let wsgidav: any WebDAVTestServer
    let apache: any WebDAVTestServer
    let s3: S3Server
    /// In front of WsgiDAV, Apache and SeaweedFS, by target kind.
    let proxies: [BenchTarget.Kind: FaultProxy]
    /// The targets straight to each server, the local folder first.
    let targets: [BenchTarget]
    /// The same network targets through their proxy (SFTP straight: its requests are counted by the run).
    let proxiedTargets: [BenchTarget]
    /// The devices' `HOME` (with `.ssh/known_hosts`) and netrc files, and the local folder target.
    private let home: String

    init(workspace: URL) throws {
        let home = workspace.appendingPathComponent("home").path
        self.home = home
        let folderRoot = workspace.appendingPathComponent("folder-target").path
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folderRoot, withIntermediateDirectories: true)
        let sshd = try SSHServer()
        let wsgidav = try WebDAVTestServers.start(.wsgidav)
        let apache = try WebDAVTestServers.start(.apache)
        let s3 = try S3Server()
        self.sshd = sshd
        self.wsgidav = wsgidav
        self.apache = apache
        self.s3 = s3
        try Data((sshd.knownHostsLine() + "\n").utf8).write(to: URL(fileURLWithPath: home + "/.ssh/known_hosts"))
        let proxies: [BenchTarget.Kind: FaultProxy] = [
            .wsgidav: try FaultProxy(upstreamPort: wsgidav.port, http: true),
            .apache: try FaultProxy(upstreamPort: apache.port, http: true),
            .s3: try FaultProxy(upstreamPort: s3.port, http: true),
        ]
        self.proxies = proxies
        let plain = ["HOME": home]
        let folder = BenchTarget(
            kind: .folder, label: "local folder", url: { folderRoot + "/" + $0 }, environment: plain,
            connection: TargetConnection(), rclonePath: { folderRoot + "/" + $0 },
            localFolder: { folderRoot + "/" + $0 })
        let sftp = BenchTarget(
            kind: .sftp, label: "SFTP (OpenSSH sshd)", url: { sshd.url("/" + $0) },
            environment: ["HOME": home, "USER": sshd.user], connection: TargetConnection(identityFile: sshd.clientKey),
            rclonePath: { "sftp:" + sshd.root.path + "/" + $0 }, localFolder: { sshd.root.path + "/" + $0 })
        func dav(
            _ kind: BenchTarget.Kind, _ label: String, _ server: any WebDAVTestServer, port: Int
        ) throws
            -> BenchTarget
        {
            let netrc = home + "/netrc-\(kind.rawValue)"
            let text = "machine 127.0.0.1 login \(server.user) password \(server.password)\n"
            guard
                FileManager.default.createFile(
                    atPath: netrc, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else { throw SyncBenchError("cannot write \(netrc)") }
            let root = server.root.path
            return BenchTarget(
                kind: kind, label: label, url: { "http://127.0.0.1:\(port)/" + $0 },
                environment: ["HOME": home, "NETRC": netrc], connection: TargetConnection(),
                rclonePath: { kind.rawValue + ":" + $0 }, localFolder: { root + "/" + $0 })
        }
        func bucket(port: Int) -> BenchTarget {
            BenchTarget(
                kind: .s3, label: "S3 (SeaweedFS)",
                url: { "s3://\(s3.bucket)/\($0)?endpoint=http://127.0.0.1:\(port)" },
                environment: [
                    "HOME": home, "AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey,
                    "AWS_REGION": s3.region,
                ], connection: TargetConnection(), rclonePath: { "s3:\(s3.bucket)/" + $0 }, localFolder: nil)
        }
        targets = [
            folder, sftp, try dav(.wsgidav, "WebDAV (WsgiDAV)", wsgidav, port: wsgidav.port),
            try dav(.apache, "WebDAV (Apache mod_dav)", apache, port: apache.port), bucket(port: s3.port),
        ]
        proxiedTargets = [
            sftp, try dav(.wsgidav, "WebDAV (WsgiDAV)", wsgidav, port: proxies[.wsgidav]!.port),
            try dav(.apache, "WebDAV (Apache mod_dav)", apache, port: proxies[.apache]!.port),
            bucket(port: proxies[.s3]!.port),
        ]
    }

    /// rclone's configuration for the four servers (straight, not through the proxies), the WebDAV password
    /// obscured by `rclone obscure` as rclone requires.
    func rcloneConfiguration(obscuredPassword: (String) throws -> String) throws -> String {
        """
        [sftp]
        type = sftp
        host = 127.0.0.1
        port = \(sshd.port)
        user = \(sshd.user)
        key_file = \(sshd.clientKey)
        known_hosts_file = \(home)/.ssh/known_hosts
        shell_type = none
        md5sum_command = none
        sha1sum_command = none

        [wsgidav]
        type = webdav
        url = http://127.0.0.1:\(wsgidav.port)/
        vendor = other
        user = \(wsgidav.user)
        pass = \(try obscuredPassword(wsgidav.password))

        [apache]
        type = webdav
        url = http://127.0.0.1:\(apache.port)/
        vendor = other
        user = \(apache.user)
        pass = \(try obscuredPassword(apache.password))

        [s3]
        type = s3
        provider = SeaweedFS
        access_key_id = \(s3.accessKey)
        secret_access_key = \(s3.secretKey)
        region = \(s3.region)
        endpoint = http://127.0.0.1:\(s3.port)
        force_path_style = true
        no_check_bucket = true

        """
    }
}
