import Foundation
import ParleyCore
import Synchronization

/// Delivers every ``StoreEvent`` to the subscriptions that asked for it, without ever waiting for one.
///
/// A subscriber that falls `capacity` lines behind is dropped with a final `subscription.dropped` event, so a
/// stuck client costs the daemon a bounded amount of memory and no time.
public final class EventBus: Sendable {
    private let subscriptions = Mutex<[String: Subscription]>([:])
    private let counter = Atomic<Int>(0)

    public init() {}

    struct Subscription: Sendable {
        var id: String
        var topics: Set<String>?
        var conversationID: EntityID?
        var session: RPCSession

        func matches(type: String, conversationID eventConversationID: EntityID?) -> Bool {
            if let conversationID, eventConversationID != conversationID { return false }
            guard let topics else { return true }
            let group = String(type.prefix(while: { $0 != "." }))
            return topics.contains(type) || topics.contains(group)
        }
    }

    /// Registers a subscription for `session` and returns its id.
    func subscribe(session: RPCSession, topics: Set<String>?, conversationID: EntityID?) -> String {
        let id = "sub-\(counter.add(1, ordering: .relaxed).newValue)"
        subscriptions.withLock {
            $0[id] = Subscription(id: id, topics: topics, conversationID: conversationID, session: session)
        }
        return id
    }

    /// Removes one subscription; false when `session` has no subscription of that id.
    func unsubscribe(_ id: String, session: RPCSession) -> Bool {
        subscriptions.withLock { subscriptions in
            guard let subscription = subscriptions[id], subscription.session === session else { return false }
            subscriptions[id] = nil
            return true
        }
    }

    /// Forgets every subscription of a session that ended.
    func removeAll(of session: RPCSession) {
        subscriptions.withLock { $0 = $0.filter { $0.value.session !== session } }
    }

    func count(of session: RPCSession) -> Int {
        subscriptions.withLock { $0.values.count(where: { $0.session === session }) }
    }

    /// The number of live subscriptions, for `system.info`.
    public var subscriptionCount: Int { subscriptions.withLock { $0.count } }

    /// Whether any subscription would receive an event of `type` about `conversationID`: most writes have no
    /// audience, and encoding an event nobody reads cost as much as encoding the reply.
    func hasAudience(type: String, conversationID: EntityID?) -> Bool {
        subscriptions.withLock { subscriptions in
            subscriptions.values.contains { $0.matches(type: type, conversationID: conversationID) }
        }
    }

    /// Tells `event` to every matching subscription; never blocks.
    public func publish(_ event: StoreEvent) {
        let matching = subscriptions.withLock {
            $0.values.filter { $0.matches(type: event.type, conversationID: event.conversationID) }
        }
        var overflowing: [RPCSession] = []
        for subscription in matching where !overflowing.contains(where: { $0 === subscription.session }) {
            let line = Self.notification(subscription: subscription.id, body: event.body)
            if !subscription.session.outbox.offer(line) { overflowing.append(subscription.session) }
        }
        for session in overflowing { drop(session) }
    }

    /// Ends every subscription of a session that fell too far behind, telling it why.
    private func drop(_ session: RPCSession) {
        let dropped = subscriptions.withLock { subscriptions in
            let ids = subscriptions.values.filter { $0.session === session }.map(\.id)
            for id in ids { subscriptions[id] = nil }
            return ids
        }
        let reason =
            "the client fell \(session.outbox.capacity) events behind; read events faster and subscribe again"
        let reasonJSON = String(
            decoding: (try? RPCResponseWriter.encode(reason)) ?? Data(), as: UTF8.self)
        let body = Data("{\"type\":\"subscription.dropped\",\"reason\":\(reasonJSON)}".utf8)
        for id in dropped.sorted() {
            session.outbox.notify(Self.notification(subscription: id, body: body))
        }
    }

    /// `{"jsonrpc":"2.0","method":"event","params":{"subscription":…, <body members>}}`.
    static func notification(subscription: String, body: Data) -> Data {
        var params = Data(#"{"subscription":"#.utf8)
        params.append(contentsOf: "\"\(subscription)\"".utf8)
        params.append(UInt8(ascii: ","))
        params.append(body.dropFirst())
        return RPCResponseWriter.notification(method: "event", params: params)
    }
}
