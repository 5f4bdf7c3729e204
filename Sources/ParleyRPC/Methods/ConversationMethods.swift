import ParleyCore
import ParleyStore

/// `conversation.create`, `.get`, `.list`, `.update`, `.delete` and `.restore`.
enum ConversationMethods {
    static let all: [RPCMethod] = [create, get, list, update, delete, restore]

    private static let result = ResultSpec("conversation", Schema.ref("Conversation"))
    private static let idParam = ParamSpec("id", Schema.id, required: true, "the conversation's id")

    static let create = RPCMethod(
        name: "conversation.create",
        summary: "Starts a conversation; a `system` string becomes its root system message.",
        params: [
            ParamSpec("title", Schema.string, "up to 500 characters on one line"),
            ParamSpec("model", Schema.string, "default deepseek-v4-flash"),
            ParamSpec(
                "settings", Schema.ref("GenerationSettings"), "generation settings, checked against the API's ranges"),
            ParamSpec("tags", Schema.array(of: Schema.string), "up to 32 tags of up to 64 characters"),
            ParamSpec("system", Schema.string, "the system prompt"),
            ParamSpec(
                "source", Schema.string,
                "where the conversation came from when not from Parley's own frontends (1 to 64 characters)"),
        ], result: result
    ) { params, context in
        let conversation = try await context.store.conversations.create(
            NewConversation(
                title: try params.optionalString("title") ?? "",
                model: try params.optionalString("model") ?? Conversation.defaultModel,
                settings: try settings(params) ?? GenerationSettings(),
                tags: try params.optionalStrings("tags") ?? [],
                system: try params.optionalString("system"), source: try params.optionalString("source")))
        let payload = ConversationPayload(conversation)
        context.publish("conversation.created", conversationID: conversation.id, key: "conversation", payload)
        return payload
    }

    static let get = RPCMethod(
        name: "conversation.get", summary: "One live conversation.", params: [idParam], result: result,
        immediate: { params, context in
            ConversationPayload(try context.store.conversations.fetch(try params.id("id")))
        })

    static let list = RPCMethod(
        name: "conversation.list",
        summary: "Conversations, most recently changed first, a page at a time.",
        params: [
            ParamSpec(
                "limit", Schema.integer(minimum: 1, maximum: ConversationRepository.maximumPageSize), "default 50"),
            ParamSpec("cursor", Schema.string, "next_cursor of the previous page"),
            ParamSpec("tag", Schema.string, "only conversations with this tag"),
            ParamSpec("archived", Schema.boolean, "true: only archived; false (default): only not archived"),
            ParamSpec("deleted", Schema.boolean, "true: the deleted conversations (the trash) instead"),
        ],
        result: ResultSpec("page", Schema.list(of: "Conversation", paged: true))
    ) { params, context in
        let deleted = try params.optionalBool("deleted") ?? false
        let filter = ConversationFilter(
            tag: try params.optionalString("tag"),
            archived: try params.optionalBool("archived") ?? (deleted ? nil : false), deleted: deleted)
        let page = try await context.store.conversations.list(
            filter, limit: try params.optionalInteger("limit", in: 1...ConversationRepository.maximumPageSize) ?? 50,
            cursor: try params.optionalString("cursor"))
        return ListPayload(items: page.items.map(ConversationPayload.init), nextCursor: page.nextCursor)
    }

    static let update = RPCMethod(
        name: "conversation.update", summary: "Changes the given fields; the others stay as they are.",
        params: [
            idParam,
            ParamSpec("title", Schema.string),
            ParamSpec("model", Schema.string),
            ParamSpec("settings", Schema.ref("GenerationSettings"), "replaces the settings as a whole"),
            ParamSpec("tags", Schema.array(of: Schema.string), "replaces the tags as a whole"),
            ParamSpec("pinned", Schema.boolean),
            ParamSpec("archived", Schema.boolean),
        ], result: result
    ) { params, context in
        let conversation = try await context.store.conversations.update(
            try params.id("id"),
            ConversationUpdate(
                title: try params.optionalString("title"), model: try params.optionalString("model"),
                settings: try settings(params), tags: try params.optionalStrings("tags"),
                pinned: try params.optionalBool("pinned"), archived: try params.optionalBool("archived")))
        let payload = ConversationPayload(conversation)
        context.publish("conversation.updated", conversationID: conversation.id, key: "conversation", payload)
        return payload
    }

    static let delete = RPCMethod(
        name: "conversation.delete", summary: "Moves a conversation to the trash; `conversation.restore` undoes it.",
        params: [idParam], result: result
    ) { params, context in
        let payload = ConversationPayload(try await context.store.conversations.delete(try params.id("id")))
        context.publish("conversation.deleted", conversationID: payload.conversation.id, key: "conversation", payload)
        return payload
    }

    static let restore = RPCMethod(
        name: "conversation.restore", summary: "Brings a deleted conversation back.", params: [idParam],
        result: result
    ) { params, context in
        let payload = ConversationPayload(try await context.store.conversations.restore(try params.id("id")))
        context.publish("conversation.restored", conversationID: payload.conversation.id, key: "conversation", payload)
        return payload
    }

    /// The settings field, refusing names the API does not know (a typo must not silently do nothing).
    static func settings(_ params: Params) throws(ParleyError) -> GenerationSettings? {
        guard let value = params.value("settings") else { return nil }
        guard case let .object(fields) = value else {
            throw Params.wrongType("settings", value, "must be an object of generation settings")
        }
        let known: Set<String> = [
            "temperature", "top_p", "max_tokens", "frequency_penalty", "presence_penalty", "stop", "response_format",
            "tools", "tool_choice", "thinking",
        ]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidValue(
                field: "settings.\(unknown)", value: Params.describe(fields[unknown] ?? .null),
                rule: "is not a generation setting (known: \(known.sorted().joined(separator: ", ")))")
        }
        return try params.optionalDecoded(
            "settings", as: GenerationSettings.self, rule: "must be generation settings of the right types")
    }
}
