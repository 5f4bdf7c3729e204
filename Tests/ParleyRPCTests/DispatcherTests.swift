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

    /// What `handleImmediately` answers by itself, and what it leaves to a task; an immediate answer is the
    /// same reply `handle` gives.
    @Test func lookupsAndMalformedLinesAreAnsweredImmediatelyAndEverythingElseNeedsATask() async throws {
        let session = dispatcher.openSession(number: 1)
        let created = try #require(
            try await reply(#"{"jsonrpc":"2.0","id":1,"method":"conversation.create","params":{"title":"t"}}"#))
        let id = try #require(created["result"]?["id"]?.stringValue)
        let immediate = [
            #"{"jsonrpc":"2.0","id":2,"method":"system.ping"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"conversation.get","params":{"id":"\#(id)"}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"message.get","params":{"id":"\#(id)"}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"draft.get","params":{"id":"not an id"}}"#,
            #"{"jsonrpc":"2.0","id":6,"method":"conversation.get","params":{"id":"\#(id)","extra":1}}"#,
            #"{"jsonrpc":"2.0","id":7,"method":"no.such.method"}"#,
            #"{"jsonrpc":"2.0","id":8,"#,
            #"{"id":9}"#,
        ]
        for line in immediate {
            guard case let .answered(answer) = dispatcher.handleImmediately(line: Data(line.utf8), session: session)
            else {
                Issue.record("not answered immediately: \(line)")
                continue
            }
            let expected = try #require(await dispatcher.handle(line: Data(line.utf8), session: session))
            let decoded = try answer.map { try JSONDecoder().decode(JSONValue.self, from: $0) }
            #expect(decoded == (try JSONDecoder().decode(JSONValue.self, from: expected)), "\(line)")
        }
        let notification = #"{"jsonrpc":"2.0","method":"system.ping"}"#
        guard case .answered(nil) = dispatcher.handleImmediately(line: Data(notification.utf8), session: session)
        else {
            Issue.record("a notification got a reply")
            return
        }
        let needTasks = [
            #"{"jsonrpc":"2.0","id":10,"method":"message.append","params":{"conversation_id":"\#(id)","role":"user","content":"x"}}"#,
            #"{"jsonrpc":"2.0","id":11,"method":"conversation.list"}"#,
            #"[{"jsonrpc":"2.0","id":12,"method":"system.ping"}]"#,
        ]
        for line in needTasks {
            guard case .needsTask = dispatcher.handleImmediately(line: Data(line.utf8), session: session) else {
                Issue.record("answered without a task: \(line)")
                continue
            }
        }
        #expect(try await store.report(checkIntegrity: false).messages == 0)
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
        #expect(Set(names) == ["title", "model", "settings", "tags", "system", "source"])
    }
}
