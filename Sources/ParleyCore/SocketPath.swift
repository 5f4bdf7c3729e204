/// Where the daemon's socket is, decided from the environment as DESIGN.md says; shared by the daemon and
/// every client so both sides agree.
public struct SocketPath: Sendable, Equatable {
    /// `$PARLEY_SOCKET`, else `$XDG_RUNTIME_DIR/parley/parley.sock`, else `/tmp/parley-$UID/parley.sock`.
    public var path: String

    public init(environment: [String: String], userID: UInt32) {
        if let socket = environment["PARLEY_SOCKET"], !socket.isEmpty {
            path = socket
        } else if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            path = (runtime.hasSuffix("/") ? String(runtime.dropLast()) : runtime) + "/parley/parley.sock"
        } else {
            path = "/tmp/parley-\(userID)/parley.sock"
        }
    }
}
