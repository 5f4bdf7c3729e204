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

    /// What happened, for a person.
    public var summary: String {
        switch self {
        case let .setup(reason): "the request could not be set up: \(reason)"
        case let .connection(reason): reason
        case let .idleTimeout(seconds): "nothing arrived for \(seconds) s"
        case .cancelled: "cancelled"
        }
    }
}
