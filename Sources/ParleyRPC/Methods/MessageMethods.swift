import ParleyCore
import ParleyStore

/// `message.append`, `.get`, `.list` and `.delete`.
enum MessageMethods {
    static let all: [RPCMethod] = [append, get, list, delete]

    private static let result = ResultSpec("message", Schema.ref("Message"))

    static let append = RPCMethod(
        name: "message.append",
        summary:
            "Adds a message after the conversation's head (or after `parent_id`, or beside `sibling_of` for an edit); the head moves to it.",
        params: [
            ParamSpec("conversation_id", Schema.id, required: true),
            ParamSpec("role", Schema.choice(MessageRole.allCases.map(\.rawValue)), required: true),
            ParamSpec("content", Schema.content, required: true, "a string or the API's array of content parts"),
            ParamSpec("parent_id", Schema.nullableID, "the message to reply to; null starts a new root"),
            ParamSpec("sibling_of", Schema.id, "add beside this message instead: an edit or a regenerated answer"),
            ParamSpec("name", Schema.string),
            ParamSpec("reasoning_content", Schema.string),
            ParamSpec("tool_calls", Schema.array(of: ["type": "object"]), "assistant messages only"),
            ParamSpec("tool_call_id", Schema.string, "required for role tool"),
            ParamSpec("model", Schema.string, "the model that wrote an assistant message"),
            ParamSpec("finish_reason", Schema.string),
            ParamSpec(
                "source", Schema.string,
                "where the message came from when not from Parley's own frontends (1 to 64 characters)"),
        ], result: result
    ) { params, context in
        let message = try await context.store.messages.append(
            NewMessage(
                conversationID: try params.id("conversation_id"),
                role: try params.choice("role", of: MessageRole.self),
                content: try content(params),
                parent: try parent(params),
                reasoningContent: try params.optionalString("reasoning_content"),
                toolCalls: params.value("tool_calls"),
                toolCallID: try params.optionalString("tool_call_id"),
                name: try params.optionalString("name"),
                model: try params.optionalString("model"),
                finishReason: try params.optionalString("finish_reason"),
                source: try params.optionalString("source")))
        let payload = MessagePayload(message)
        context.publish("message.appended", conversationID: message.conversationID, key: "message", payload)
        return payload
    }

    static let get = RPCMethod(
        name: "message.get", summary: "One live message.", params: [ParamSpec("id", Schema.id, required: true)],
        result: result,
        immediate: { params, context in MessagePayload(try context.store.messages.fetch(try params.id("id"))) })

    static let list = RPCMethod(
        name: "message.list",
        summary: "The branch from the root to the head (or to `leaf_id`) in order, or every branch.",
        params: [
            ParamSpec("conversation_id", Schema.id, required: true),
            ParamSpec("leaf_id", Schema.id, "end the branch here instead of at the head"),
            ParamSpec("all_branches", Schema.boolean, "every message of every branch, oldest first"),
        ],
        result: ResultSpec("messages", Schema.list(of: "Message", paged: false))
    ) { params, context in
        let conversationID = try params.id("conversation_id")
        let leaf = try params.optionalID("leaf_id")
        let messages: [Message]
        if try params.optionalBool("all_branches") ?? false {
            guard leaf == nil else {
                throw ParleyError.invalidValue(
                    field: "leaf_id", value: leaf?.rawValue ?? "", rule: "cannot be combined with all_branches")
            }
            messages = try await context.store.messages.tree(conversationID: conversationID)
        } else {
            messages = try await context.store.messages.path(conversationID: conversationID, to: leaf)
        }
        return ListPayload(items: messages.map(MessagePayload.init), nextCursor: nil, paged: false)
    }

    static let delete = RPCMethod(
        name: "message.delete",
        summary: "Deletes a message (a tombstone); if it was the head, the head moves to its nearest live ancestor.",
        params: [ParamSpec("id", Schema.id, required: true)], result: result
    ) { params, context in
        let message = try await context.store.messages.delete(try params.id("id"))
        let payload = MessagePayload(message)
        context.publish("message.deleted", conversationID: message.conversationID, key: "message", payload)
        return payload
    }

    private static func content(_ params: Params) throws(ParleyError) -> MessageContent {
        let value = try params.required("content")
        switch value {
        case let .string(text): return .text(text)
        case let .array(parts): return .parts(parts)
        default: throw Params.wrongType("content", value, "must be a string or an array of content parts")
        }
    }

    private static func parent(_ params: Params) throws(ParleyError) -> ParentChoice {
        let sibling = try params.optionalID("sibling_of")
        let explicitRoot = params.fields["parent_id"] == .null
        let parentID = try params.optionalID("parent_id")
        switch (parentID, sibling, explicitRoot) {
        case (nil, nil, false): return .head
        case (nil, nil, true): return .root
        case (let parentID?, nil, _): return .message(parentID)
        case (nil, let sibling?, false): return .siblingOf(sibling)
        default:
            throw .invalidValue(
                field: "sibling_of", value: sibling?.rawValue ?? "", rule: "cannot be combined with parent_id")
        }
    }
}
