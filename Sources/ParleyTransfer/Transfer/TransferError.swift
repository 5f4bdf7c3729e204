/// Why a transfer failed before or while its body arrived (HTTP error statuses are not failures here: the
/// caller reads them from the response).
public enum TransferError: Error, Equatable, Sendable {
    /// libcurl refused to set up the request.
    case setup(String)
    /// The connection could not be made or broke: DNS, refused, reset, TLS, timeouts.
    case connection(String)
    /// No byte arrived for the idle timeout (keep-alive comments count as bytes).
    case idleTimeout(seconds: Int)
    /// The caller cancelled the transfer.
    case cancelled
    /// The SSH server's host key is not the one expected: retrying cannot help, and must not.
    case hostKey(HostKeyRejection)
    /// The server refused the credentials (SSH: no offered key was accepted).
    case loginDenied(String)
    /// The file or folder the request names does not exist (SFTP).
    case notFound(String)
    /// The server refused access to the file or folder (SFTP).
    case accessDenied(String)
    /// The server has no room (SFTP).
    case diskFull(String)
    /// An SFTP command (`mkdir`, `rename`, `rm`) failed; the server says no more than that.
    case commandFailed(String)

    /// What happened, for a person.
    public var summary: String {
        switch self {
        case let .setup(reason): "the request could not be set up: \(reason)"
        case let .connection(reason): reason
        case let .idleTimeout(seconds): "nothing arrived for \(seconds) s"
        case .cancelled: "cancelled"
        case let .hostKey(rejection): rejection.summary
        case let .loginDenied(reason): "the server refused the login: \(reason)"
        case let .notFound(reason): "not found: \(reason)"
        case let .accessDenied(reason): "access denied: \(reason)"
        case let .diskFull(reason): "the server has no room: \(reason)"
        case let .commandFailed(reason): "a command failed: \(reason)"
        }
    }

    /// Whether trying again may succeed: a broken or stalled connection, not an answer the server meant.
    public var isTransient: Bool {
        switch self {
        case .connection, .idleTimeout: true
        default: false
        }
    }
}

/// An SSH host key that did not pass, with what is needed to decide whether to trust it.
public struct HostKeyRejection: Error, Equatable, Sendable {
    public enum Verdict: Equatable, Sendable {
        /// The host is not in the known_hosts file and no key was pinned.
        case unknown
        /// The known_hosts file holds a different key for this host.
        case changed
        /// The key is not the one pinned.
        case notPinned(expected: String)
    }

    public var verdict: Verdict
    /// The key the server showed, as `ssh-keygen -lf` prints it: `SHA256:` and unpadded base64.
    public var fingerprint: String
    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, …
    public var keyType: String

    public var summary: String {
        switch verdict {
        case .unknown: "the host's \(keyType) key \(fingerprint) is not known"
        case .changed: "the host's key changed: it now shows \(keyType) \(fingerprint)"
        case let .notPinned(expected): "the host shows \(keyType) \(fingerprint), not the pinned \(expected)"
        }
    }
}
