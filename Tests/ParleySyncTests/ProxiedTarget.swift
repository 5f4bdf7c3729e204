import Foundation
import ParleyCore
import ParleyStore
import ParleySync
import ParleyTestSupport

/// A real network target server with the fault-injecting proxy in front of it: the URL and environment a
/// device uses reach the server only through ``proxy``.
final class ProxiedTarget: Sendable {
    enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case wsgidav, apache, s3, sftp
        var description: String { rawValue }

        /// The targets spoken to over HTTP, where a proxy can answer in the server's place.
        static let http: [Kind] = [.wsgidav, .apache, .s3]
    }

    let kind: Kind
    let proxy: FaultProxy
    let url: String
    /// `HOME`, and `NETRC` or the AWS variables, for a device syncing through the proxy.
    let environment: [String: String]
    /// The variables with a refused password or secret.
    let wrongEnvironment: [String: String]
    /// How to log in beyond the environment (an SFTP target's key).
    let connection: TargetConnection
    /// The folder the server keeps the target's files in, where the server has one on this machine's file
    /// system (not S3's, whose store has a format of its own).
    let serverFolder: String?
    let home = TemporaryFolder(prefix: "parley-proxied-home-")
    private let server: any Sendable

    init(_ kind: Kind) throws {
        self.kind = kind
        switch kind {
        case .wsgidav, .apache:
            let dav = try WebDAVTestServers.start(kind == .wsgidav ? .wsgidav : .apache)
            try FileManager.default.createDirectory(atPath: dav.root.file("sync"), withIntermediateDirectories: true)
            proxy = try FaultProxy(upstreamPort: dav.port, http: true)
            url = "http://127.0.0.1:\(proxy.port)/sync"
            environment = ["HOME": home.path, "NETRC": try dav.netrc(in: home)]
            wrongEnvironment = [
                "HOME": home.path, "NETRC": try dav.netrc(in: TemporaryFolder(), password: "not-the-password"),
            ]
            connection = TargetConnection()
            serverFolder = dav.root.file("sync")
            server = dav
        case .sftp:
            let ssh = try SSHServer()
            try FileManager.default.createDirectory(atPath: ssh.root.file("sync"), withIntermediateDirectories: true)
            proxy = try FaultProxy(upstreamPort: ssh.port, http: false)
            url = ssh.url().replacingOccurrences(of: ":\(ssh.port)/", with: ":\(proxy.port)/")
            try FileManager.default.createDirectory(atPath: home.file(".ssh"), withIntermediateDirectories: true)
            try Data("[127.0.0.1]:\(proxy.port) \(ssh.hostPublicKey)\n".utf8).write(
                to: URL(fileURLWithPath: home.file(".ssh/known_hosts")))
            environment = ["HOME": home.path, "USER": ssh.user, "SSH_AUTH_SOCK": ""]
            wrongEnvironment = environment
            connection = TargetConnection(identityFile: ssh.clientKey)
            serverFolder = ssh.root.file("sync")
            server = ssh
        case .s3:
            let s3 = try S3Server()
            proxy = try FaultProxy(upstreamPort: s3.port, http: true)
            url = "s3://\(s3.bucket)/sync?endpoint=http://127.0.0.1:\(proxy.port)"
            environment = [
                "HOME": home.path, "AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey,
                "AWS_REGION": s3.region,
            ]
            wrongEnvironment = environment.merging(["AWS_SECRET_ACCESS_KEY": "not-the-secret"]) { $1 }
            connection = TargetConnection()
            serverFolder = nil
            server = s3
        }
    }

    /// Quick retries, so tests that exhaust them stay short.
    static func network(idleTimeoutSeconds: Int = 60, attempts: Int = 4) -> NetworkOptions {
        var network = NetworkOptions()
        network.idleTimeoutSeconds = idleTimeoutSeconds
        network.retry.maximumAttempts = attempts
        network.retry.firstDelaySeconds = 0.05
        network.retry.maximumDelaySeconds = 2
        return network
    }

    func device(
        options: SyncOptions = SyncOptions(), network: NetworkOptions = ProxiedTarget.network()
    ) throws
        -> SyncDevice
    {
        try SyncDevice(options: options, targetEnvironment: environment, network: network)
    }

    /// Joins `device` to the target.
    func join(_ device: SyncDevice) async throws {
        _ = try await device.engine.configure(url: url, passphraseFile: nil, connection: connection)
    }

    /// The target as a plain directory, for a test to change files behind the devices' backs.
    func directory() throws -> any RemoteDirectory {
        try TargetURL.open(url, connection: connection, environment: environment, network: Self.network())
    }
}
