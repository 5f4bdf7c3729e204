import Foundation
import ParleyCore

/// A change someone made through the daemon, told to every subscriber whose filter matches.
public struct StoreEvent: Sendable {
    /// The event types a subscriber can receive; `subscribe {topics}` takes these or their group names.
    public static let types = [
        "conversation.created", "conversation.updated", "conversation.deleted", "conversation.restored",
        "message.appended", "message.deleted", "draft.saved", "draft.deleted", "usage.recorded", "chat.delta",
        "sync.imported",
    ]

    /// The topic groups: every type is `group.verb`.
    public static let groups = Set(types.map { String($0.prefix(while: { $0 != "." })) })

    public var type: String
    public var conversationID: EntityID?
    /// The `params` of the notification without `subscription`: `{"type":…, …}` as encoded JSON.
    let body: Data

    /// Builds an event whose params carry `type`, `conversation_id` and the entity under `key`.
    public init(type: String, conversationID: EntityID?, key: String, entity: some Encodable & Sendable) throws {
        self.type = type
        self.conversationID = conversationID
        var body = Data(#"{"type":"#.utf8)
        body.append(try RPCResponseWriter.encode(type))
        body.append(contentsOf: #","conversation_id":"#.utf8)
        body.append(try RPCResponseWriter.encode(conversationID))
        body.append(contentsOf: ",\(String(decoding: try RPCResponseWriter.encode(key), as: UTF8.self)):".utf8)
        body.append(try RPCResponseWriter.encode(entity))
        body.append(UInt8(ascii: "}"))
        self.body = body
    }
}
