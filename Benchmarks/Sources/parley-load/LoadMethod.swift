/// The request a run repeats: what redis-benchmark's `-t` names on the other side.
enum LoadMethod: String, CaseIterable, Sendable {
    /// `system.ping`: the daemon's bare round trip (framing, dispatch, reply), like Redis's PING.
    case ping
    /// `message.get` of a random message appended during setup, like Redis's GET of a random key.
    case get
    /// `message.append` to the connection's own conversation: a durable write, like Redis's SET.
    case append

    var rpcName: String {
        switch self {
        case .ping: "system.ping"
        case .get: "message.get"
        case .append: "message.append"
        }
    }
}
