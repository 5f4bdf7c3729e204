import ParleyCore

/// The OpenRPC 1.3 document `rpc.discover` returns: every method with its params and result schemas.
enum OpenRPCDocument {
    static func make(methods: [RPCMethod]) -> JSONValue {
        let described: [JSONValue] = methods.map { method in
            [
                "name": .string(method.name),
                "summary": .string(method.summary),
                "paramStructure": "by-name",
                "params": .array(
                    method.params.map { param in
                        [
                            "name": .string(param.name), "required": .bool(param.required),
                            "description": .string(param.summary), "schema": param.schema,
                        ]
                    }),
                "result": ["name": .string(method.result.name), "schema": method.result.schema],
            ]
        }
        let errors: [JSONValue] = [
            ["code": -32700, "message": "parse error: the line is not JSON"],
            ["code": -32600, "message": "invalid request: not a JSON-RPC 2.0 request object"],
            ["code": -32601, "message": "method not found"],
            ["code": -32602, "message": "invalid params: data names the field, the value and the rule"],
            ["code": -32603, "message": "internal error"],
            ["code": -32001, "message": "not found"],
            ["code": -32002, "message": "revision conflict: the draft changed since the revision you named"],
            ["code": -32003, "message": "upstream API error"],
            ["code": -32004, "message": "sync error"],
            ["code": -32005, "message": "limit exceeded"],
            ["code": -32006, "message": "unavailable: shutting down or not configured"],
            ["code": -32007, "message": "disk full: data names the folder; free space there and try again"],
        ]
        var components = SchemaComponents.all
        components["Errors"] = ["description": "the error codes this server uses", "examples": .array(errors)]
        return [
            "openrpc": "1.3.2",
            "info": [
                "title": "Parley daemon",
                "version": .string(ParleyVersion.current),
                "description":
                    "JSON-RPC 2.0 over a Unix socket, one JSON value per line. Subscriptions and streamed completions arrive as `event` notifications.",
            ],
            "methods": .array(described),
            "components": ["schemas": .object(components)],
        ]
    }
}
