import ParleyCore

/// `subscribe` and `unsubscribe`: live `event` notifications of every change, whoever made it.
enum SubscriptionMethods {
    static let all: [RPCMethod] = [subscribe, unsubscribe]

    struct Subscribed: Encodable, Sendable {
        var subscription: String
    }

    static let subscribe = RPCMethod(
        name: "subscribe",
        summary:
            "Starts `event` notifications for the given topics (event types or their groups: conversation, message, draft, usage), of one conversation if given.",
        params: [
            ParamSpec("topics", Schema.array(of: Schema.string), "default: every event"),
            ParamSpec("conversation_id", Schema.id, "only events about this conversation"),
        ],
        result: ResultSpec("subscription", Schema.object(["subscription": Schema.string], required: ["subscription"]))
    ) { params, context in
        var topics: Set<String>? = nil
        if let names = try params.optionalStrings("topics") {
            for (index, name) in names.enumerated()
            where !StoreEvent.types.contains(name) && !StoreEvent.groups.contains(name) {
                throw ParleyError.invalidValue(
                    field: "topics[\(index)]", value: name,
                    rule: "must be an event type (\(StoreEvent.types.joined(separator: ", "))) or a group ("
                        + StoreEvent.groups.sorted().joined(separator: ", ") + ")")
            }
            topics = Set(names)
        }
        let conversationID = try params.optionalID("conversation_id")
        if let conversationID { _ = try await context.store.conversations.get(conversationID) }
        let limit = context.configuration.maximumSubscriptionsPerConnection
        guard context.events.count(of: context.session) < limit else {
            throw ParleyError.limitExceeded(what: "the number of subscriptions on this connection", limit: limit)
        }
        let id = context.events.subscribe(session: context.session, topics: topics, conversationID: conversationID)
        return Subscribed(subscription: id)
    }

    static let unsubscribe = RPCMethod(
        name: "unsubscribe", summary: "Ends a subscription of this connection.",
        params: [ParamSpec("subscription", Schema.string, required: true)],
        result: ResultSpec("unsubscribed", Schema.object(["unsubscribed": Schema.boolean]))
    ) { params, context in
        let id = try params.string("subscription")
        guard context.events.unsubscribe(id, session: context.session) else {
            throw ParleyError.notFound(entity: "subscription on this connection", id: id)
        }
        return ["unsubscribed": true] as JSONValue
    }
}
