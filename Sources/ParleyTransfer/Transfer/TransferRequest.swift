import Foundation

/// One request to send: the method, the URL, its header lines and an optional body, with the timeouts that
/// bound it (to connect, and between two bytes of the answer).
///
/// The same request type carries HTTP (the DeepSeek API, WebDAV, S3) and SFTP: for `sftp://` URLs the body is
/// uploaded as the file the URL names, and ``commandsBefore``/``commandsAfter`` are SFTP commands (`mkdir`,
/// `rename`, `rm`) run on the same connection around the transfer.
public struct TransferRequest: Sendable {
    /// `GET`, `POST`, `PUT`, or any other method the server knows (WebDAV's `MOVE`, `PROPFIND`, `MKCOL`).
    /// Ignored for SFTP, where the URL and the body say what to do.
    public var method: String
    public var url: String
    /// Whole header lines, `Name: value`.
    public var headers: [String]
    /// Sent as the request's body (or, for SFTP, uploaded as the file), copied when the transfer starts.
    public var body: Data?
    public var authentication: TransferAuthentication
    public var connectTimeoutSeconds: Int
    public var idleTimeoutSeconds: Int
    /// SFTP commands run before the transfer; one prefixed with `*` may fail without failing the request.
    public var commandsBefore: [String] = []
    /// SFTP commands run after the transfer succeeded, such as the `rename` that publishes an upload.
    public var commandsAfter: [String] = []
    /// Run the commands only: read or write no file (SFTP).
    public var commandsOnly = false
    /// A folder listing of names only, one per line, instead of the server's long form (SFTP).
    public var namesOnly = false

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

    /// Whether the URL is an SFTP file's, which a body is uploaded to rather than posted to (HTTP).
    var isFileTransfer: Bool { url.lowercased().hasPrefix("sftp://") }
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
    /// AWS Signature Version 4 for S3 in `region` (libcurl signs; the caller sends `x-amz-content-sha256`).
    case awsSigV4(region: String, accessKeyID: String, secretAccessKey: String)
    /// An SSH key (a file, or ssh-agent) and the host key the server must show.
    case ssh(SSHAuthentication)

    public var description: String {
        switch self {
        case .none: "none"
        case let .netrc(file): "netrc \(file)"
        case let .basic(user, _): "basic \(user)"
        case let .awsSigV4(region, accessKeyID, _): "aws-sigv4 \(accessKeyID) in \(region)"
        case let .ssh(ssh): "ssh \(ssh.privateKeyFile ?? "ssh-agent")"
        }
    }
}

/// How an SFTP connection proves who it is and checks who the server is. The user is the URL's.
public struct SSHAuthentication: Sendable, Equatable {
    /// The private key file to offer (its public half is derived from it), or nil for ssh-agent only.
    public var privateKeyFile: String?
    /// Also offer the keys of the ssh-agent at `SSH_AUTH_SOCK` (libcurl tries the key file first).
    public var useAgent: Bool
    /// The known_hosts file the host key is looked up in (OpenSSH's format, hashed names included).
    public var knownHostsFile: String
    /// A host key fingerprint (`SHA256:` and unpadded base64, as `ssh-keygen -lf` prints it) that replaces the
    /// known_hosts lookup.
    public var pinnedHostKey: String?

    public init(privateKeyFile: String?, useAgent: Bool, knownHostsFile: String, pinnedHostKey: String?) {
        self.privateKeyFile = privateKeyFile
        self.useAgent = useAgent
        self.knownHostsFile = knownHostsFile
        self.pinnedHostKey = pinnedHostKey
    }
}

/// The status and headers of a response, known before its body.
public struct TransferResponseHead: Sendable {
    /// The HTTP status; 0 for SFTP, which has none.
    public var status: Int
    /// Header names lowercased; a repeated header keeps its last value.
    public var headers: [String: String]

    public init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = headers
    }
}
