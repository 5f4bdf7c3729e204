import Foundation
import ParleyClient
import ParleyCore
import Testing

/// Every method of the API, called over the socket of a real daemon.
@Suite struct MethodTests {
    let daemon: DaemonHarness
    let client: DaemonClient

    init() throws {
        daemon = try DaemonHarness().start()
        client = try daemon.client()
    }

    @Test func systemMethodsDescribeTheDaemon() throws {
        let pong = try client.call("system.ping")
        #expect(pong["pong"] == true)
        #expect(pong["version"] == .string(ParleyVersion.current))
        _ = try client.call("conversation.create", ["title": "one"])
        let info = try client.call("system.info")
        #expect(info["schema_version"] == "0012_search_word_forms")
        #expect(info["data_path"] == .string(daemon.dataFolder))
        #expect(info["socket_path"] == .string(daemon.socketPath))
        #expect(info["counts"]?["conversations"] == 1)
        #expect(EntityID(rawValue: info["device_id"]?.stringValue ?? "") != nil)
    }

    @Test func discoveryListsEveryMethodWithSchemas() throws {
        let document = try client.call("rpc.discover")
        #expect(document["openrpc"]?.stringValue?.hasPrefix("1.") == true)
        let methods = document["methods"]?.arrayValue ?? []
        let names = Set(methods.compactMap { $0["name"]?.stringValue })
        let expected: Set<String> = [
            "system.ping", "system.info", "rpc.discover", "id.resolve", "conversation.create", "conversation.get",
            "conversation.list", "conversation.update", "conversation.delete", "conversation.restore",
            "message.append", "message.get", "message.list", "message.delete", "draft.save", "draft.get",
            "draft.list", "draft.delete", "search.messages", "search.conversations", "usage.record", "usage.summary",
            "subscribe", "unsubscribe", "chat.complete", "chat.cancel", "fim.complete", "sync.configure", "sync.run",
            "sync.status", "token.create", "token.list", "token.revoke", "import.run", "export.run",
        ]
        #expect(names == expected)
        for method in methods {
            #expect(method["result"]?["schema"] != nil)
            #expect(method["params"]?.arrayValue != nil)
        }
        let append = methods.first { $0["name"] == "message.append" }
        let required = (append?["params"]?.arrayValue ?? []).filter { $0["required"] == true }.compactMap {
            $0["name"]?.stringValue
        }
        #expect(Set(required) == ["conversation_id", "role", "content"])
        #expect(document["components"]?["schemas"]?["Conversation"] != nil)
    }

    @Test func conversationsAreCreatedListedUpdatedDeletedAndRestored() throws {
        let created = try client.call(
            "conversation.create",
            [
                "title": "Rust lifetimes", "tags": ["rust", "learning"], "system": "Answer briefly.",
                "settings": ["temperature": 0.5, "thinking": ["type": "disabled"]],
            ])
        let id = try #require(created["id"]?.stringValue)
        #expect(created["model"] == "deepseek-v4-flash")
        #expect(created["settings"]?["temperature"] == .double(0.5))
        #expect(created["tags"] == ["rust", "learning"])
        #expect(created["head_message_id"]?.stringValue != nil)
        #expect(created["created_at"]?.stringValue?.hasSuffix("Z") == true)
        let system = try client.call("message.list", ["conversation_id": .string(id)])
        #expect(system.items.first?["role"] == "system")
        #expect(system.items.first?["content"] == "Answer briefly.")

        let updated = try client.call(
            "conversation.update", ["id": .string(id), "title": "Lifetimes", "pinned": true, "archived": true])
        #expect(updated["title"] == "Lifetimes")
        #expect(updated["pinned"] == true)
        #expect(updated["tags"] == ["rust", "learning"])
        #expect(try client.call("conversation.list").items.isEmpty)
        let archived = try client.call("conversation.list", ["archived": true, "tag": "rust"])
        #expect(archived.items.map { $0["id"] } == [.string(id)])
        #expect(archived["next_cursor"] == .null)

        let deleted = try client.call("conversation.delete", ["id": .string(id)])
        #expect(deleted["deleted"] == true)
        #expect(remoteError({ try client.call("conversation.get", ["id": .string(id)]) })?.code == -32001)
        let restored = try client.call("conversation.restore", ["id": .string(id)])
        #expect(restored["deleted"] == false)
        #expect(try client.call("conversation.get", ["id": .string(id)])["title"] == "Lifetimes")
    }

    @Test func conversationListPagesWithACursor() throws {
        for index in 0..<5 { _ = try client.call("conversation.create", ["title": .string("c\(index)")]) }
        let first = try client.call("conversation.list", ["limit": 3])
        #expect(first.items.map { $0["title"] } == ["c4", "c3", "c2"])
        let cursor = try #require(first["next_cursor"]?.stringValue)
        let second = try client.call("conversation.list", ["limit": 3, "cursor": .string(cursor)])
        #expect(second.items.map { $0["title"] } == ["c1", "c0"])
        #expect(second["next_cursor"] == .null)
    }

    @Test func messagesFormATreeAndListByBranch() throws {
        let conversation = try client.call("conversation.create", ["title": "tree"])
        let id = try #require(conversation["id"])
        let question = try client.call(
            "message.append", ["conversation_id": id, "role": "user", "content": "What is 2+2?"])
        #expect(question["parent_id"] == .null)
        #expect(question["status"] == "complete")
        let first = try client.call(
            "message.append",
            [
                "conversation_id": id, "role": "assistant", "content": "4", "reasoning_content": "simple",
                "model": "deepseek-v4-flash", "finish_reason": "stop",
            ])
        #expect(first["parent_id"] == question["id"])
        #expect(first["reasoning_content"] == "simple")
        let second = try client.call(
            "message.append",
            ["conversation_id": id, "role": "assistant", "content": "Four.", "sibling_of": first["id"] ?? .null])
        #expect(second["parent_id"] == question["id"])
        let path = try client.call("message.list", ["conversation_id": id])
        #expect(path.items.map { $0["content"] } == ["What is 2+2?", "Four."])
        let other = try client.call("message.list", ["conversation_id": id, "leaf_id": first["id"] ?? .null])
        #expect(other.items.map { $0["content"] } == ["What is 2+2?", "4"])
        let tree = try client.call("message.list", ["conversation_id": id, "all_branches": true])
        #expect(tree.items.count == 3)
        #expect(try client.call("message.get", ["id": first["id"] ?? .null])["content"] == "4")
        let parts: JSONValue = [["type": "text", "text": "look"], ["type": "image_url", "image_url": ["url": "x"]]]
        let multi = try client.call(
            "message.append", ["conversation_id": id, "role": "user", "content": parts, "name": "me"])
        #expect(multi["content"] == parts)
        let deleted = try client.call("message.delete", ["id": multi["id"] ?? .null])
        #expect(deleted["deleted"] == true)
        #expect(try client.call("conversation.get", ["id": id])["head_message_id"] == second["id"])
    }

    @Test func draftsAreComparedAndSet() throws {
        let conversation = try client.call("conversation.create", ["title": "drafts"])
        let id = try #require(conversation["id"])
        let draft = try client.call(
            "draft.save", ["conversation_id": id, "kind": "prefix", "content": "def fib(n):", "reasoning_content": "r"])
        #expect(draft["revision"] == 1)
        let saved = try client.call(
            "draft.save",
            [
                "conversation_id": id, "kind": "prefix", "content": "def fib(n):\n", "id": draft["id"] ?? .null,
                "revision": 1,
            ])
        #expect(saved["revision"] == 2)
        let stale: [String: JSONValue] = [
            "conversation_id": id, "kind": "prefix", "content": "lost?", "id": draft["id"] ?? .null, "revision": 1,
        ]
        if let error = remoteError({ try client.call("draft.save", stale) }) {
            #expect(error.code == -32002)
            #expect(error.data?["current_revision"] == 2)
        } else {
            Issue.record("a stale revision was accepted")
        }
        #expect(try client.call("draft.get", ["id": draft["id"] ?? .null])["content"] == "def fib(n):\n")
        #expect(try client.call("draft.list", ["conversation_id": id]).items.count == 1)
        _ = try client.call("draft.delete", ["id": draft["id"] ?? .null, "revision": 2])
        #expect(try client.call("draft.list").items.isEmpty)
    }

    @Test func searchFindsMessagesAndExplainsBadQueries() throws {
        let conversation = try client.call("conversation.create", ["title": "搜索", "tags": ["zh"]])
        let id = try #require(conversation["id"])
        _ = try client.call(
            "message.append", ["conversation_id": id, "role": "user", "content": "一个全文搜索引擎 for URLSession"])
        _ = try client.call("message.append", ["conversation_id": id, "role": "assistant", "content": "unrelated"])
        let hits = try client.call("search.messages", ["query": "搜索", "tag": "zh", "since": "2020-01-01"])
        #expect(hits.items.count == 1)
        #expect(hits.items.first?["conversation_title"] == "搜索")
        #expect(hits.items.first?["role"] == "user")
        #expect(hits.items.first?["snippet"]?.stringValue?.contains("[搜索]") == true)
        #expect(try client.call("search.messages", ["query": "session", "role": "user"]).items.count == 1)
        #expect(
            try client.call("search.messages", ["query": "session", "until": "2020-01-01T00:00:00Z"]).items.isEmpty)
        if let error = remoteError({ try client.call("search.messages", ["query": "\"unclosed"]) }) {
            #expect(error.code == -32602)
            #expect(error.message.contains("never closed"))
            #expect(error.data?["position"] == 1)
        } else {
            Issue.record("a malformed query was accepted")
        }
        if let error = remoteError({ try client.call("search.messages", ["query": "x", "since": "yesterday"]) }) {
            #expect(error.data?["field"] == "since")
        } else {
            Issue.record("a malformed time was accepted")
        }
    }

    @Test func usageIsRecordedAndSummedExactly() throws {
        _ = try client.call(
            "usage.record",
            [
                "model": "deepseek-v4-flash", "prompt_tokens": 100, "completion_tokens": 20,
                "prompt_cache_hit_tokens": 60, "prompt_cache_miss_tokens": 40, "reasoning_tokens": 5,
                "cost": "0.1", "discount": "0.01",
            ])
        let second = try client.call(
            "usage.record", ["model": "deepseek-v4-flash", "prompt_tokens": 1, "completion_tokens": 2, "cost": "0.2"])
        #expect(second["total_tokens"] == 3)
        #expect(second["cost"] == "0.2")
        let summary = try client.call("usage.summary", ["group_by": "model"])
        #expect(summary["rows"]?.arrayValue?.count == 1)
        #expect(summary["total"]?["cost"] == "0.3")
        #expect(summary["total"]?["calls"] == 2)
        #expect(summary["total"]?["prompt_cache_hit_tokens"] == 60)
        if let error = remoteError({
            try client.call("usage.record", ["model": "m", "prompt_tokens": 1, "completion_tokens": 1, "cost": 0.1])
        }) {
            #expect(error.data?["field"] == "cost")
        } else {
            Issue.record("a float cost was accepted")
        }
    }

    @Test func abbreviatedIdsResolveWhenUnique() throws {
        let conversation = try client.call("conversation.create", ["title": "prefix"])
        let id = try #require(conversation["id"]?.stringValue)
        let match = try client.call("id.resolve", ["prefix": .string(String(id.prefix(8)))])
        #expect(match["id"] == .string(id))
        #expect(match["entity"] == "conversation")
        if let error = remoteError({ try client.call("id.resolve", ["prefix": "zz"]) }) {
            #expect(error.code == -32602)
        } else {
            Issue.record("a short prefix was accepted")
        }
    }

    @Test func badParamsNameTheFieldAndTheRule() throws {
        let conversation = try client.call("conversation.create", ["title": "bad"])
        let id = try #require(conversation["id"])
        let cases: [(String, [String: JSONValue], String)] = [
            ("message.append", ["conversation_id": id, "role": "robot", "content": "x"], "role"),
            ("message.append", ["conversation_id": id, "role": "user", "content": 5], "content"),
            ("message.append", ["conversation_id": "nope", "role": "user", "content": "x"], "conversation_id"),
            ("message.append", ["conversation_id": id, "role": "user", "content": "x", "colour": "red"], "colour"),
            ("conversation.create", ["settings": ["temperature": 3]], "settings.temperature"),
            ("conversation.create", ["settings": ["temprature": 1]], "settings.temprature"),
            ("conversation.create", ["title": 7], "title"),
            ("conversation.list", ["limit": 0], "limit"),
            ("usage.summary", ["group_by": "week"], "group_by"),
            ("subscribe", ["topics": ["mesage"]], "topics[0]"),
        ]
        for (method, params, field) in cases {
            if let error = remoteError({ try client.call(method, params) }) {
                #expect(error.code == -32602, "\(method) \(field)")
                #expect(error.data?["field"] == .string(field), "\(method): \(error.message)")
                #expect(error.data?["rule"]?.stringValue?.isEmpty == false)
            } else {
                Issue.record("\(method) accepted \(params)")
            }
        }
        #expect(try client.call("message.list", ["conversation_id": id]).items.isEmpty)
    }
}
