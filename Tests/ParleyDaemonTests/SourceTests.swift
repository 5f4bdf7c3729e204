import Foundation
import ParleyClient
import ParleyCore
import ParleyTestSupport
import Testing

/// `conversation.create` and `message.append` take where a conversation or message came from, show it, and
/// refuse one that breaks the rule.
@Suite struct SourceTests {
    @Test func theSourceIsTakenShownAndChecked() throws {
        let daemon = try DaemonHarness().start()
        let client = try daemon.client()
        let conversation = try client.call("conversation.create", ["title": "imported", "source": "chatgpt"])
        #expect(conversation["source"] == "chatgpt")
        let message = try client.call(
            "message.append",
            ["conversation_id": conversation["id"] ?? .null, "role": "user", "content": "hi", "source": "chatgpt"])
        #expect(message["source"] == "chatgpt")
        let plain = try client.call(
            "message.append", ["conversation_id": conversation["id"] ?? .null, "role": "user", "content": "mine"])
        #expect(plain["source"] == .null)
        let listed = try client.call("message.list", ["conversation_id": conversation["id"] ?? .null])
        #expect(listed["items"]?.arrayValue?.map { $0["source"] } == ["chatgpt", .null])
        let refused = remoteError {
            try client.call("conversation.create", ["source": .string(String(repeating: "s", count: 65))])
        }
        #expect(refused?.code == -32602, "\(String(describing: refused))")
        #expect(refused?.message.contains("source") == true)
        #expect(daemon.stop() == 0)
    }
}
