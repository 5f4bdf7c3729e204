import ParleyCore

/// One well-formed JSON-RPC 2.0 request object.
public struct RPCRequest: Sendable {
    public var method: String
    /// Nil for a notification (no `id` member), which gets no reply.
    public var id: JSONValue?
    public var params: [String: JSONValue]
    /// True when `params` came as an array: valid JSON-RPC, but every method here takes named params only.
    public var positional = false

    public var isNotification: Bool { id == nil }

    /// The members the specification defines; any other member makes the request invalid.
    static let members: Set<String> = ["jsonrpc", "method", "params", "id"]

    /// Reads a request object, or says why it is not one. The error's id is the request's when it was
    /// readable, else null, as the specification requires.
    static func parse(_ value: JSONValue) -> Result<RPCRequest, RPCFailure> {
        guard case let .object(object) = value else {
            return .failure(RPCFailure(id: .null, error: .invalidRequest("a request must be a JSON object")))
        }
        var id: JSONValue? = nil
        if let rawID = object["id"] {
            switch rawID {
            case .string, .integer, .double, .null:
                id = rawID
            default:
                return .failure(
                    RPCFailure(id: .null, error: .invalidRequest("\"id\" must be a string, a number or null")))
            }
        }
        let replyID = id ?? .null
        if let unknown = object.keys.sorted().first(where: { !members.contains($0) }) {
            return .failure(
                RPCFailure(
                    id: replyID,
                    error: .invalidRequest(
                        "unknown member \"\(unknown)\"; a request has only jsonrpc, method, params and id")))
        }
        guard object["jsonrpc"] == .string("2.0") else {
            return .failure(RPCFailure(id: replyID, error: .invalidRequest("\"jsonrpc\" must be exactly \"2.0\"")))
        }
        guard case let .string(method) = object["method"] else {
            return .failure(RPCFailure(id: replyID, error: .invalidRequest("\"method\" must be a string")))
        }
        var params: [String: JSONValue] = [:]
        var positional = false
        switch object["params"] {
        case nil:
            break
        case let .object(fields):
            params = fields
        case .array:
            positional = true
        default:
            return .failure(
                RPCFailure(id: replyID, error: .invalidRequest("\"params\" must be an object or an array")))
        }
        return .success(RPCRequest(method: method, id: id, params: params, positional: positional))
    }
}

/// An error reply to send, with the id it answers.
struct RPCFailure: Error {
    var id: JSONValue
    var error: RPCError
}
