import Foundation

/// A real WebDAV server for tests, serving ``root`` on 127.0.0.1 with basic auth for ``user``: WsgiDAV
/// (``WebDAVServer``) or Apache httpd's mod_dav (``ApacheDAVServer``), so one test body can run against both.
///
/// Files a test writes into ``root`` itself (planted or damaged on purpose) are readable and writable by the
/// server, and the server's files by the test.
public protocol WebDAVTestServer: AnyObject, Sendable {
    /// The folder the server serves as `/`.
    var root: TemporaryFolder { get }
    var user: String { get }
    var password: String { get }
    var port: Int { get }
    /// The URL of `path` on the server, without credentials.
    func url(_ path: String) -> String
    /// A netrc file (mode 0600) in `folder` with the server's user and `password` (the right one when nil).
    func netrc(in folder: TemporaryFolder, password: String?) throws -> String
}

extension WebDAVTestServer {
    /// The URL of `/sync`, the folder the tests sync into.
    public func syncURL() -> String { url("/sync") }

    /// A netrc file with the right password.
    public func netrc(in folder: TemporaryFolder) throws -> String { try netrc(in: folder, password: nil) }
}

/// The servers the WebDAV tests run against: WsgiDAV, and Apache's mod_dav.
public enum WebDAVTestServers {
    public enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case wsgidav, apache
        public var description: String { rawValue }
    }

    /// A fresh server of `kind`; throws saying what to install when it cannot run here.
    public static func start(_ kind: Kind) throws -> any WebDAVTestServer {
        switch kind {
        case .wsgidav: try WebDAVServer()
        case .apache: try ApacheDAVServer()
        }
    }
}
