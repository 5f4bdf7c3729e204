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
    public var connectTimeoutSeconds: Int
    public var idleTimeoutSeconds: Int

    public init(
        method: String, url: String, headers: [String] = [], body: Data? = nil, connectTimeoutSeconds: Int = 10,
        idleTimeoutSeconds: Int = 60
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
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
