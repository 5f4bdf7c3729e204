import Foundation
import ParleyCore
import ParleyStore

/// The kind of target a sync URL names, and the ``RemoteDirectory`` that reaches it.
public enum TargetURL {
    public enum Kind: String, Sendable {
        case folder, sftp, webdav, s3
    }

    public static func kind(of url: String) -> Kind {
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") { return .webdav }
        if lowered.hasPrefix("sftp://") { return .sftp }
        if lowered.hasPrefix("s3://") { return .s3 }
        return .folder
    }

    /// The target `url` names: an SFTP server (`sftp://`), a WebDAV folder (`https://`, or `http://` to this
    /// machine), an S3 bucket (`s3://`), else a folder on this machine (a path or `file://`). `environment`
    /// supplies what each finds credentials by: `HOME`, `NETRC`, `SSH_AUTH_SOCK`, the `AWS_*` variables.
    public static func open(
        _ url: String, connection: TargetConnection = TargetConnection(),
        environment: [String: String] = ProcessInfo.processInfo.environment, network: NetworkOptions = NetworkOptions()
    ) throws(ParleyError) -> any RemoteDirectory {
        let kind = kind(of: url)
        try refuseOptions(of: connection, for: kind)
        switch kind {
        case .webdav:
            return try WebDAVDirectory(
                url: url, passwordFile: connection.passwordFile, environment: environment, network: network)
        case .sftp:
            return try SFTPDirectory(
                url: url, identityFile: connection.identityFile, hostKey: connection.hostKey, environment: environment,
                network: network)
        case .s3:
            return try S3Directory(url: url, environment: environment, network: network)
        case .folder:
            return try LocalDirectory(url: url)
        }
    }

    /// Each connection option belongs to one kind of target; given to another it is a mistake worth saying.
    private static func refuseOptions(of connection: TargetConnection, for kind: Kind) throws(ParleyError) {
        let options: [(field: String, value: String?, kind: Kind, what: String)] = [
            ("password_file", connection.passwordFile, .webdav, "WebDAV targets (https://…)"),
            ("identity_file", connection.identityFile, .sftp, "SFTP targets (sftp://…)"),
            ("host_key", connection.hostKey, .sftp, "SFTP targets (sftp://…)"),
        ]
        for option in options where option.kind != kind {
            if let value = option.value {
                throw .invalidValue(
                    field: option.field, value: value, rule: "is for \(option.what), not a \(kind.rawValue) target")
            }
        }
    }
}
