import ParleyCore

/// What went wrong talking to the daemon, worded for the person at the terminal.
public enum ClientError: Error, Equatable, CustomStringConvertible {
    /// Nothing answers on the socket.
    case noDaemon(socketPath: String, reason: String)
    /// The daemon answered with a JSON-RPC error.
    case rpc(RemoteError)
    case connectionClosed
    /// No reply within the receive timeout the client was given.
    case timedOut
    case connectionFailed(String)
    case protocolViolation(String)

    public var description: String {
        switch self {
        case let .noDaemon(path, reason):
            "no parley daemon answers on \(path) (\(reason)). Start one with `parley daemon` (or `make run`, or "
                + "`systemctl --user start parley`); PARLEY_SOCKET chooses another socket."
        case let .rpc(error):
            error.message
        case .connectionClosed:
            "the daemon closed the connection"
        case .timedOut:
            "the daemon did not answer in time"
        case let .connectionFailed(reason):
            "the connection to the daemon failed: \(reason)"
        case let .protocolViolation(detail):
            "the daemon's reply made no sense: \(detail)"
        }
    }
}

/// A JSON-RPC error object from the daemon.
public struct RemoteError: Error, Equatable, Sendable {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    init(_ value: JSONValue) {
        let object = value.objectValue ?? [:]
        if case let .integer(code)? = object["code"] { self.code = Int(code) } else { self.code = -32603 }
        message = object["message"]?.stringValue ?? "an error without a message"
        data = object["data"]
    }
}
