import ParleyCore

/// A JSON-RPC error object: the code of the specification or of DESIGN.md, a message a person can act on,
/// and `data` that a program can read (the field and the rule for invalid params).
public struct RPCError: Error, Sendable, Equatable, Encodable {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public static func parseError(_ detail: String) -> RPCError {
        RPCError(code: -32700, message: "parse error: \(detail)")
    }

    public static func invalidRequest(_ detail: String) -> RPCError {
        RPCError(code: -32600, message: "invalid request: \(detail)")
    }

    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(
            code: -32601, message: "method not found: \(method); rpc.discover lists every method",
            data: ["method": .string(method)])
    }

    public static func internalError(_ detail: String) -> RPCError {
        RPCError(code: -32603, message: "internal error: \(detail)")
    }

    public static func limitExceeded(what: String, limit: Int) -> RPCError {
        RPCError(ParleyError.limitExceeded(what: what, limit: limit))
    }

    public static func unavailable(_ detail: String) -> RPCError {
        RPCError(code: -32006, message: detail)
    }

    /// The wire form of a store or validation error, with `data` naming what a program needs to react.
    public init(_ error: ParleyError) {
        let data: JSONValue? =
            switch error {
            case let .invalidValue(field, value, rule):
                ["field": .string(field), "value": .string(String(value.prefix(200))), "rule": .string(rule)]
            case let .notFound(entity, id):
                ["entity": .string(entity), "id": .string(id)]
            case let .revisionConflict(draftID, expected, current):
                [
                    "draft_id": .string(draftID), "expected_revision": .integer(Int64(expected)),
                    "current_revision": .integer(Int64(current)),
                ]
            case let .invalidQuery(query, position, problem):
                [
                    "field": "query", "value": .string(String(query.prefix(200))),
                    "position": .integer(Int64(position)),
                    "rule": .string(problem),
                ]
            case let .limitExceeded(what, limit):
                ["limit": .string(what), "maximum": .integer(Int64(limit))]
            case let .sync(path, _):
                path.map { ["path": .string($0)] }
            case let .diskFull(folder, reason):
                ["folder": .string(folder), "reason": .string(reason)]
            case .databaseUnreadable, .migrationRefused, .storage:
                nil
            }
        self.init(code: error.code, message: error.description, data: data)
    }

    enum CodingKeys: String, CodingKey {
        case code, message, data
    }
}
