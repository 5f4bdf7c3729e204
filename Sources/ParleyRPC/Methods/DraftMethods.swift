import ParleyCore
import ParleyStore

/// `draft.save`, `.get`, `.list` and `.delete`: compare-and-set by revision.
enum DraftMethods {
    static let all: [RPCMethod] = [save, get, list, delete]

    private static let result = ResultSpec("draft", Schema.ref("Draft"))

    static let save = RPCMethod(
        name: "draft.save",
        summary:
            "Creates a draft, or saves a new revision of one: `revision` must be the one you last saw, else -32002.",
        params: [
            ParamSpec("conversation_id", Schema.id, required: true),
            ParamSpec("kind", Schema.choice(DraftKind.allCases.map(\.rawValue)), required: true),
            ParamSpec("content", Schema.string, required: true),
            ParamSpec("parent_id", Schema.id, "the message it continues or replies to"),
            ParamSpec("reasoning_content", Schema.string),
            ParamSpec("id", Schema.id, "the draft to save over (omit to create one)"),
            ParamSpec("revision", ["type": "integer", "minimum": 0], "the revision you last saw (required with id)"),
        ], result: result
    ) { params, context in
        let draft = try await context.store.drafts.save(
            DraftSave(
                id: try params.optionalID("id"), conversationID: try params.id("conversation_id"),
                kind: try params.choice("kind", of: DraftKind.self), content: try params.string("content"),
                parentID: try params.optionalID("parent_id"),
                reasoningContent: try params.optionalString("reasoning_content"),
                revision: try params.optionalInteger("revision", in: 0...Int(Int32.max))))
        let payload = DraftPayload(draft)
        context.publish("draft.saved", conversationID: draft.conversationID, key: "draft", payload)
        return payload
    }

    static let get = RPCMethod(
        name: "draft.get", summary: "One draft.", params: [ParamSpec("id", Schema.id, required: true)],
        result: result,
        immediate: { params, context in DraftPayload(try context.store.drafts.fetch(try params.id("id"))) })

    static let list = RPCMethod(
        name: "draft.list", summary: "Drafts, most recently saved first; of one conversation if given.",
        params: [ParamSpec("conversation_id", Schema.id)],
        result: ResultSpec("drafts", Schema.list(of: "Draft", paged: false))
    ) { params, context in
        let drafts = try await context.store.drafts.list(conversationID: try params.optionalID("conversation_id"))
        return ListPayload(items: drafts.map(DraftPayload.init), nextCursor: nil, paged: false)
    }

    static let delete = RPCMethod(
        name: "draft.delete", summary: "Deletes a draft; with `revision`, only if nobody saved over it since.",
        params: [
            ParamSpec("id", Schema.id, required: true),
            ParamSpec("revision", ["type": "integer", "minimum": 1]),
        ], result: result
    ) { params, context in
        let draft = try await context.store.drafts.delete(
            try params.id("id"), revision: try params.optionalInteger("revision", in: 1...Int(Int32.max)))
        let payload = DraftPayload(draft)
        context.publish("draft.deleted", conversationID: draft.conversationID, key: "draft", payload)
        return payload
    }
}
