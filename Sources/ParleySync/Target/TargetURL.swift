import Foundation
import ParleyCore
import ParleyStore

/// The kind of target a sync URL names, and the ``RemoteDirectory`` that reaches it.
public enum TargetURL {
    public enum Kind: String, Sendable {
        case folder, webdav
    }

    public static func kind(of url: String) -> Kind {
        let lowered = url.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") ? .webdav : .folder
    }

    /// A WebDAV folder for `https://` (or `http://` to this machine), else a folder on this machine (a path or
    /// `file://`). `environment` supplies `HOME` and `NETRC` for a WebDAV target's credentials.
    public static func open(
        _ url: String, connection: TargetConnection = TargetConnection(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ParleyError) -> any RemoteDirectory {
        if kind(of: url) == .webdav {
            return try WebDAVDirectory(url: url, passwordFile: connection.passwordFile, environment: environment)
        }
        if let passwordFile = connection.passwordFile {
            throw .invalidValue(
                field: "password_file", value: passwordFile,
                rule: "is for WebDAV targets (https://…); a folder on this machine needs no password")
        }
        return try LocalDirectory(url: url)
    }
}
