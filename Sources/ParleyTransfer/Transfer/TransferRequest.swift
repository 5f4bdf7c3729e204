import Foundation

/// One request to send: the method, the URL, its header lines and an optional body, with the timeouts that
/// bound it (to connect, and between two bytes of the answer).
public struct TransferRequest: Sendable {
    /// `GET`, `POST`, `PUT`, or any other method the server knows (WebDAV's `MOVE`, `PROPFIND`, `MKCOL`).
    public var method: String
    public var url: String
    /// Whole header lines, `Name: value`.
    public var headers: [String]
    /// Sent as the request's body, copied by libcurl when the transfer starts.
    public var body: Data?
    public var authentication: TransferAuthentication
    public var connectTimeoutSeconds: Int
    public var idleTimeoutSeconds: Int

    public init(
        method: String, url: String, headers: [String] = [], body: Data? = nil,
        authentication: TransferAuthentication = .none, connectTimeoutSeconds: Int = 10, idleTimeoutSeconds: Int = 60
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.authentication = authentication
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}

/// Who the request says it is, by each ecosystem's convention. Secrets go to libcurl only: they never appear
/// in a URL, a log line or a description.
public enum TransferAuthentication: Sendable, CustomStringConvertible {
    case none
    /// HTTP basic auth from the entry for the request's host in this netrc file, when it has one (libcurl
    /// reads the file).
    case netrc(file: String)
    /// HTTP basic auth with this user and password.
    case basic(user: String, password: String)

    public var description: String {
        switch self {
        case .none: "none"
        case let .netrc(file): "netrc \(file)"
        case let .basic(user, _): "basic \(user)"
        }
    }
}

/// The status and headers of a response, known before its body.
public struct TransferResponseHead: Sendable {
    public var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    public var headers: [String: String]

    public init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = headers
    }
}
