import ParleyCore
import ParleyStore

/// `token.create`, `token.list` and `token.revoke`: the tokens frontends use with the OpenAI-compatible
/// gateway, one per frontend. A token is shown once, by `token.create`; only its hash is kept.
enum TokenMethods {
    static let all: [RPCMethod] = [create, list, revoke]

    private static let name = ParamSpec(
        "name", Schema.string, required: true,
        "the frontend's name (1 to 64 letters, digits, . _ -), recorded as the source of what it writes")

    static let create = RPCMethod(
        name: "token.create",
        summary:
            "Makes a gateway token for the frontend `name` and returns it: the only time it is shown (Parley keeps "
            + "its hash). Never synced.",
        params: [name],
        result: ResultSpec(
            "token", Schema.object(["name": Schema.string, "token": Schema.string, "created_at": Schema.time]))
    ) { params, context in
        let issued = try await context.store.tokens.create(name: try params.string("name"))
        return [
            "name": .string(issued.name), "token": .string(issued.token),
            "created_at": .string(RFC3339.string(fromMilliseconds: issued.createdAt)),
        ] as JSONValue
    }

    static let list = RPCMethod(
        name: "token.list", summary: "The gateway tokens by name, when each was made and last used; never a token.",
        params: [],
        result: ResultSpec(
            "tokens",
            Schema.object([
                "items": Schema.array(
                    of: Schema.object([
                        "name": Schema.string, "created_at": Schema.time, "last_used_at": Schema.nullable("string"),
                    ]))
            ]))
    ) { _, context in
        ListPayload(items: try await context.store.tokens.list().map(TokenPayload.init), nextCursor: nil)
    }

    static let revoke = RPCMethod(
        name: "token.revoke", summary: "Revokes the gateway token of the frontend `name`: it stops working at once.",
        params: [name],
        result: ResultSpec("revoked", Schema.object(["name": Schema.string, "revoked": Schema.boolean]))
    ) { params, context in
        let name = try params.string("name")
        try await context.store.tokens.revoke(name: name)
        return ["name": .string(name), "revoked": true] as JSONValue
    }
}
