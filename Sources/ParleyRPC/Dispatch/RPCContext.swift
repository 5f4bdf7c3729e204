import ParleyChat
import ParleyCore
import ParleyStore

/// What a method handler works with: the store, the event bus, the API client, the daemon's settings and the
/// caller's session.
public struct RPCContext: Sendable {
    public let store: ParleyStore
    public let events: EventBus
    public let configuration: RPCConfiguration
    public let session: RPCSession
    /// The API client and the generations running now.
    public let completions: ChatService
    public let sync: SyncService
    /// The catalogue of methods, for `rpc.discover`.
    let methods: [RPCMethod]

    /// Publishes to the conversation's subscribers.
    var subscribers: SubscriberEvents { SubscriberEvents(bus: events) }

    /// Publishes an event about `entity`; an entity that cannot be encoded is not worth failing the request.
    func publish(_ type: String, conversationID: EntityID?, key: String, _ entity: some Encodable & Sendable) {
        subscribers.publish(type, conversationID: conversationID, key: key, entity)
    }
}
