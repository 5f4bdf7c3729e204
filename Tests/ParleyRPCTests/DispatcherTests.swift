import Foundation
import ParleyCore
import ParleyRPC
import ParleyStore
import ParleyTestSupport
import Testing

/// The dispatcher without a socket: lines in, replies out, on a real store.
@Suite struct DispatcherTests {
    let folder = TemporaryFolder(prefix: "parley-rpc-")
    let store: ParleyStore
    let dispatcher: RPCDispatcher

    init() throws {
        store = try ParleyStore.open(path: folder.file("parley.sqlite"))
        var configuration = RPCConfiguration()
        configuration.maximumBatchSize = 3
        configuration.subscriberBufferEvents = 2
        dispatcher = RPCDispatcher(store: store, configuration: configuration)
    }

    private func reply(_ line: String, session: RPCSession? = nil) async throws -> JSONValue? {
        let session = session ?? dispatcher.openSession(number: 1)
        guard let data = await dispatcher.handle(line: Data(line.utf8), session: session) else { return nil }
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    @Test func anEmptyObjectIsAnInvalidRequest() async throws {
        let answer = try #require(try await reply("{}"))
        #expect(answer["error"]?["code"] == -32600)
        #expect(answer["jsonrpc"] == "2.0")
    }

    @Test func aBatchOverTheLimitIsRefusedWhole() async throws {
        let ping = #"{"jsonrpc":"2.0","method":"system.ping","id":1}"#
        let answer = try #require(try await reply("[\(ping),\(ping),\(ping),\(ping)]"))
        #expect(answer["error"]?["code"] == -32005)
        #expect(try await store.report(checkIntegrity: false).conversations == 0)
    }

    @Test func aNotificationIsServedButNotAnswered() async throws {
        let none = try await reply(#"{"jsonrpc":"2.0","method":"conversation.create","params":{"title":"quiet"}}"#)
        #expect(none == nil)
        #expect(try await store.conversations.list().items.map(\.title) == ["quiet"])
    }

    @Test func aFailedWriteChangesNothing() async throws {
        let answer = try #require(
            try await reply(
                #"{"jsonrpc":"2.0","id":1,"method":"conversation.create","params":{"title":"x","tags":[""]}}"#))
        #expect(answer["error"]?["data"]?["field"] == "tags[0]")
        #expect(try await store.changeLog.lastSequence() == 0)
    }

    @Test func eventsReachOnlyMatchingSubscriptionsAndASlowOneIsDropped() async throws {
        let watcher = dispatcher.openSession(number: 2)
        let subscribed = try #require(
            try await reply(
                #"{"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"topics":["conversation.created"]}}"#,
                session: watcher))
        let subscription = try #require(subscribed["result"]?["subscription"])
        for title in ["a", "b", "c"] {
            _ = try await reply(
                #"{"jsonrpc":"2.0","id":2,"method":"conversation.create","params":{"title":"\#(title)"}}"#)
        }
        watcher.outbox.close()
        var lines: [JSONValue] = []
        for await line in watcher.outbox.lines { lines.append(try JSONDecoder().decode(JSONValue.self, from: line)) }
        #expect(lines.count == 3)
        #expect(lines.prefix(2).map { $0["params"]?["conversation"]?["title"] } == ["a", "b"])
        #expect(lines.allSatisfy { $0["params"]?["subscription"] == subscription })
        #expect(lines.last?["params"]?["type"] == "subscription.dropped")
        #expect(dispatcher.events.subscriptionCount == 0)
    }

    @Test func discoveryDescribesEveryParameterTheDispatcherAccepts() async throws {
        let document = try #require(try await reply(#"{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}"#))
        let methods = document["result"]?["methods"]?.arrayValue ?? []
        #expect(methods.count == dispatcher.methods.count)
        let create = methods.first { $0["name"] == "conversation.create" }
        let names = (create?["params"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(Set(names) == ["title", "model", "settings", "tags", "system"])
    }
}
