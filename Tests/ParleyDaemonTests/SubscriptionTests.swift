import Foundation
import ParleyClient
import ParleyCore
import Testing

/// Live events: one client sees what another writes, filtered as asked; a client that stops reading is
/// dropped without slowing anyone.
@Suite struct SubscriptionTests {
    @Test func aSubscriberSeesAnotherClientsWrites() throws {
        let daemon = try DaemonHarness().start()
        let watcher = try daemon.client()
        let writer = try daemon.client()
        let subscription = try watcher.call("subscribe")["subscription"]
        #expect(subscription?.stringValue?.isEmpty == false)
        let conversation = try writer.call("conversation.create", ["title": "live"])
        let message = try writer.call(
            "message.append", ["conversation_id": conversation["id"] ?? .null, "role": "user", "content": "hello"])
        _ = try writer.call("usage.record", ["model": "deepseek-v4-flash", "prompt_tokens": 1, "completion_tokens": 1])
        let created = try #require(try watcher.nextNotification())
        #expect(created["method"] == "event")
        #expect(created["params"]?["type"] == "conversation.created")
        #expect(created["params"]?["subscription"] == subscription)
        #expect(created["params"]?["conversation"]?["title"] == "live")
        let appended = try #require(try watcher.nextNotification())
        #expect(appended["params"]?["type"] == "message.appended")
        #expect(appended["params"]?["message"]?["id"] == message["id"])
        #expect(appended["params"]?["conversation_id"] == conversation["id"])
        let usage = try #require(try watcher.nextNotification())
        #expect(usage["params"]?["type"] == "usage.recorded")
        _ = try watcher.call("unsubscribe", ["subscription": subscription ?? .null])
        _ = try writer.call("conversation.update", ["id": conversation["id"] ?? .null, "title": "quiet"])
        #expect(try watcher.call("system.ping")["pong"] == true)
        let pinged = try watcher.call("system.info")
        #expect(pinged["subscriptions"] == 0)
    }

    @Test func topicsAndConversationNarrowTheEvents() throws {
        let daemon = try DaemonHarness().start()
        let watcher = try daemon.client()
        let writer = try daemon.client()
        let watched = try writer.call("conversation.create", ["title": "watched"])
        let other = try writer.call("conversation.create", ["title": "other"])
        _ = try watcher.call("subscribe", ["topics": ["message"], "conversation_id": watched["id"] ?? .null])
        _ = try writer.call(
            "message.append", ["conversation_id": other["id"] ?? .null, "role": "user", "content": "no"])
        _ = try writer.call("conversation.update", ["id": watched["id"] ?? .null, "title": "renamed"])
        _ = try writer.call(
            "message.append", ["conversation_id": watched["id"] ?? .null, "role": "user", "content": "yes"])
        let event = try #require(try watcher.nextNotification())
        #expect(event["params"]?["type"] == "message.appended")
        #expect(event["params"]?["message"]?["content"] == "yes")
    }

    @Test func subscriptionsPerConnectionAreLimited() throws {
        let daemon = try DaemonHarness(arguments: ["--max-subscriptions", "2"]).start()
        let client = try daemon.client()
        _ = try client.call("subscribe")
        _ = try client.call("subscribe")
        if let error = remoteError({ try client.call("subscribe") }) {
            #expect(error.code == -32005)
        } else {
            Issue.record("a third subscription was accepted")
        }
    }

    @Test func aSubscriberThatStopsReadingIsDroppedAndTold() throws {
        let daemon = try DaemonHarness(arguments: ["--subscriber-buffer", "8"]).start()
        let sleeper = try daemon.client()
        let writer = try daemon.client()
        _ = try sleeper.call("subscribe", ["topics": ["message.appended"]])
        let conversation = try writer.call("conversation.create", ["title": "flood"])
        let text = String(repeating: "flood ", count: 2000)
        for _ in 0..<400 {
            _ = try writer.call(
                "message.append",
                ["conversation_id": conversation["id"] ?? .null, "role": "user", "content": .string(text)])
        }
        var events = 0
        var dropped: JSONValue?
        while dropped == nil, let notification = try sleeper.nextNotification() {
            if notification["params"]?["type"] == "subscription.dropped" {
                dropped = notification
            } else {
                events += 1
            }
        }
        #expect(events < 400)
        #expect(dropped?["params"]?["reason"]?.stringValue?.contains("behind") == true)
        #expect(try sleeper.call("system.info")["subscriptions"] == 0)
    }
}
