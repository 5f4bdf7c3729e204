import Foundation
import ParleyCore
import ParleyStore
import Testing

@testable import ParleyExchange

/// The tree, branches, head and conversation fields of ChatGPT's export, damaged trees, and recognition.
@Suite struct ChatGPTReaderTests {
    static func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    static func read(_ text: String) throws -> ImportedConversation {
        try ChatGPTReader.conversation(from: try json(text))
    }

    static func reason(_ text: String) throws -> String? {
        let element = try json(text)
        do {
            _ = try ChatGPTReader.conversation(from: element)
            return nil
        } catch {
            return error.reason
        }
    }

    /// Hidden system and custom-instruction nodes at the root, an edited first message branching below them,
    /// a regenerated answer, and the head on the older branch.
    static let branches = #"""
        {"title": "Trip planning", "create_time": 1714564800.25, "update_time": 1714564900.5,
         "conversation_id": "conv-a", "id": "ignored", "default_model_slug": "gpt-4o",
         "is_archived": true, "is_starred": true, "current_node": "a1",
         "mapping": {
          "a2": {"id": "a2", "parent": "u2", "children": [], "message": {"id": "a2", "author": {"role": "assistant"},
            "create_time": 1714564851, "content": {"content_type": "text", "parts": ["Rome it is."]},
            "status": "in_progress", "recipient": "all"}},
          "root": {"id": "root", "parent": null, "children": ["sys"], "message": null},
          "sys": {"id": "sys", "parent": "root", "children": ["ctx"], "message": {"author": {"role": "system"},
            "content": {"content_type": "text", "parts": [""]}, "status": "finished_successfully",
            "metadata": {"is_visually_hidden_from_conversation": true}}},
          "ctx": {"id": "ctx", "parent": "sys", "children": ["u1", "u2"], "message": {"author": {"role": "user"},
            "content": {"content_type": "user_editable_context", "user_profile": "Oslo", "user_instructions": "Brief"},
            "metadata": {"is_visually_hidden_from_conversation": true, "user_context_message_data": {}}}},
          "u1": {"id": "u1", "parent": "ctx", "children": ["a1b", "a1"], "message": {"author": {"role": "user"},
            "create_time": 1714564801, "content": {"content_type": "text", "parts": ["Plan a trip"]},
            "status": "finished_successfully", "metadata": {}}},
          "a1": {"id": "a1", "parent": "u1", "children": [], "message": {"author": {"role": "assistant"},
            "create_time": 1714564802.5, "content": {"content_type": "text", "parts": ["Go to Bergen."]},
            "status": "finished_successfully", "recipient": "all",
            "metadata": {"model_slug": "gpt-4o-mini", "finish_details": {"type": "stop"}}}},
          "a1b": {"id": "a1b", "parent": "u1", "children": [], "message": {"author": {"role": "assistant"},
            "create_time": 1714564820, "content": {"content_type": "text", "parts": ["Go to Tromsø."]},
            "status": "finished_successfully", "metadata": {"finish_details": {"type": "max_tokens"}}}},
          "u2": {"id": "u2", "parent": "ctx", "children": ["a2"], "message": {"author": {"role": "user"},
            "create_time": 1714564850, "content": {"content_type": "text", "parts": ["Plan a trip to Rome"]}}}
         }}
        """#

    @Test func keepsEveryBranchBelowTheHiddenNodes() throws {
        let conversation = try Self.read(Self.branches)
        #expect(conversation.messages.map(\.sourceID) == ["u1", "a1b", "a1", "u2", "a2"])
        let byID = Dictionary(uniqueKeysWithValues: conversation.messages.map { ($0.sourceID, $0) })
        #expect(byID["u1"]?.parentSourceID == nil)
        #expect(byID["u2"]?.parentSourceID == nil)
        #expect(byID["a1"]?.parentSourceID == "u1")
        #expect(byID["a1b"]?.parentSourceID == "u1")
        #expect(byID["a2"]?.parentSourceID == "u2")
        #expect(conversation.headSourceID == "a1")
        #expect(byID["u1"]?.role == .user)
        #expect(byID["a1"]?.role == .assistant)
        #expect(byID["a1"]?.content == .text("Go to Bergen."))
    }

    @Test func readsTheConversationAndMessageFields() throws {
        let conversation = try Self.read(Self.branches)
        #expect(conversation.source == "chatgpt")
        #expect(conversation.sourceID == "conv-a")
        #expect(conversation.title == "Trip planning")
        #expect(conversation.createdAt == 1_714_564_800_250)
        #expect(conversation.updatedAt == 1_714_564_900_500)
        #expect(conversation.model == "gpt-4o")
        #expect(conversation.archived)
        #expect(conversation.pinned)
        let byID = Dictionary(uniqueKeysWithValues: conversation.messages.map { ($0.sourceID, $0) })
        #expect(byID["a1"]?.model == "gpt-4o-mini")
        #expect(byID["a1b"]?.model == "gpt-4o")
        #expect(byID["u1"]?.model == nil)
        #expect(byID["a1"]?.finishReason == "stop")
        #expect(byID["a1b"]?.finishReason == "max_tokens")
        #expect(byID["a1b"]?.status == .complete)
        #expect(byID["a2"]?.status == .interrupted)
        #expect(byID["a2"]?.content == .text("Rome it is."))
        #expect(byID["a1"]?.createdAt == 1_714_564_802_500)
        #expect(byID["u2"]?.createdAt == 1_714_564_850_000)
        #expect(conversation.messages.allSatisfy { $0.usage == nil && $0.toolCalls == nil })
    }

    @Test func readsAConversationWithoutMetadataTitleOrTimes() throws {
        let conversation = try Self.read(
            #"""
            {"id": "conv-d", "title": null, "current_node": "gone", "mapping": {
              "s": {"parent": null, "children": ["h"], "message": {"author": {"role": "system"},
                "content": {"content_type": "text", "parts": ["You are terse."]}}},
              "h": {"parent": "s", "children": ["u"], "message": {"author": {"role": "system"},
                "content": {"content_type": "text", "parts": ["About me"]}, "metadata": {"is_user_system_message": true}}},
              "u": {"parent": "h", "children": ["a"], "message": {"author": {"role": "user"}, "create_time": null,
                "content": {"content_type": "text", "parts": ["Hi"]}}},
              "a": {"parent": "u", "message": {"author": {"role": "assistant"},
                "content": {"content_type": "text", "parts": ["Hello"]}}}
            }}
            """#)
        #expect(conversation.sourceID == "conv-d")
        #expect(conversation.title == "")
        #expect(conversation.createdAt == nil)
        #expect(conversation.updatedAt == nil)
        #expect(conversation.model == nil)
        #expect(conversation.headSourceID == nil)
        #expect(!conversation.archived && !conversation.pinned)
        #expect(conversation.messages.map(\.sourceID) == ["s", "u", "a"])
        #expect(conversation.messages.map(\.role) == [.system, .user, .assistant])
        #expect(conversation.messages.map(\.parentSourceID) == [nil, "s", "u"])
        #expect(conversation.messages.allSatisfy { $0.createdAt == nil && $0.model == nil })
        #expect(conversation.messages[2].status == .complete)
    }

    @Test func followsParentsNotMappingOrderTimesOrChildrenLists() throws {
        let conversation = try Self.read(
            #"""
            {"id": "conv-e", "create_time": 300, "mapping": {
              "n3": {"parent": "n2", "children": [], "message": {"author": {"role": "assistant"}, "create_time": 100,
                "content": {"content_type": "text", "parts": ["third"]}}},
              "n1": {"parent": null, "children": ["n3", "n2"], "message": {"author": {"role": "user"},
                "create_time": 300, "content": {"content_type": "text", "parts": ["first"]}}},
              "n4": {"parent": "n3", "message": {"author": {"role": "user"}, "create_time": 50,
                "content": {"content_type": "text", "parts": ["fourth"]}}},
              "n2": {"parent": "n1", "children": "not a list", "message": {"author": {"role": "assistant"},
                "create_time": 200, "content": {"content_type": "text", "parts": ["second"]}}}
            }}
            """#)
        #expect(conversation.messages.map(\.sourceID) == ["n1", "n2", "n3", "n4"])
        #expect(conversation.messages.map(\.parentSourceID) == [nil, "n1", "n2", "n3"])
        #expect(conversation.messages.map(\.createdAt) == [300_000, 200_000, 100_000, 50_000])
        #expect(conversation.headSourceID == nil)
    }

    @Test func mapsTheHeadToItsNearestKeptAncestor() throws {
        let headOnRoot = Self.branches.replacingOccurrences(
            of: #""current_node": "a1""#, with: #""current_node": "ctx""#)
        #expect(try Self.read(headOnRoot).headSourceID == nil)
        let withRecap = try Self.read(
            #"""
            {"id": "c", "current_node": "recap", "mapping": {
              "u": {"parent": null, "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["Q"]}}},
              "a": {"parent": "u", "message": {"author": {"role": "assistant"}, "content": {"content_type": "text", "parts": ["A"]}}},
              "recap": {"parent": "a", "message": {"author": {"role": "assistant"},
                "content": {"content_type": "reasoning_recap", "content": "Thought for 3s"}}}
            }}
            """#)
        #expect(withRecap.headSourceID == "a")
        #expect(withRecap.messages.count == 2)
    }

    @Test func leavesOutADamagedMessageAndKeepsItsChildren() throws {
        let conversation = try Self.read(
            #"""
            {"id": "c", "current_node": "a", "mapping": {
              "u": {"parent": null, "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["Q"]}}},
              "bad": {"parent": "u", "message": "oops"},
              "odd": {"parent": "bad", "message": {"author": {"role": "critic"}, "content": {"content_type": "text", "parts": ["?"]}}},
              "nocontent": {"parent": "odd", "message": {"author": {"role": "assistant"}}},
              "a": {"parent": "nocontent", "message": {"author": {"role": "assistant"}, "content": {"content_type": "text", "parts": ["A"]}}}
            }}
            """#)
        #expect(conversation.messages.map(\.sourceID) == ["u", "a"])
        #expect(conversation.messages.last?.parentSourceID == "u")
        #expect(conversation.headSourceID == "a")
    }

    @Test func readsAConversationWithoutMessages() throws {
        #expect(try Self.read(#"{"id": "c1", "title": "Empty"}"#).messages.isEmpty)
        #expect(try Self.read(#"{"id": "c2", "mapping": {}, "current_node": null}"#).messages.isEmpty)
        let rootOnly = try Self.read(
            #"{"id": "c3", "current_node": "r", "mapping": {"r": {"id": "r", "parent": null, "children": [], "message": null}}}"#
        )
        #expect(rootOnly.messages.isEmpty)
        #expect(rootOnly.headSourceID == nil)
    }

    @Test func refusesABrokenTreeNamingWhatIsWrong() throws {
        let missing = #"""
            {"id": "c", "mapping": {"a": {"parent": null, "children": ["b"]},
              "b": {"parent": "zzz", "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["x"]}}}}}
            """#
        #expect(try Self.reason(missing) == #"mapping["b"].parent names "zzz", which is not in the mapping"#)
        let cycle = #"""
            {"id": "c", "mapping": {"r": {"parent": null}, "x": {"parent": "a"}, "a": {"parent": "b"}, "b": {"parent": "a"}}}
            """#
        let cycleReason = try #require(try Self.reason(cycle))
        #expect(cycleReason.contains(#"mapping["a"].parent leads back to "a" (a → b → a"#))
        #expect(try Self.reason(#"{"id": "c", "mapping": {"a": {"parent": "a"}}}"#)?.contains("a → a") == true)
        #expect(
            try Self.reason(#"{"id": "c", "mapping": {"a": {"parent": 5}}}"#)
                == #"mapping["a"].parent is 5, but must be a node id or null"#)
        #expect(
            try Self.reason(#"{"id": "c", "mapping": {"a": [1]}}"#)
                == #"mapping["a"] is [1], but every node must be an object"#)
        #expect(
            try Self.reason(#"{"id": "c", "mapping": "none"}"#)
                == #"mapping is "none", but must be an object of nodes by id"#)
        let noID = try #require(try Self.reason(#"{"conversation_id": 7, "mapping": {}}"#))
        #expect(noID.contains("conversation_id (7)") && noID.contains("id (missing)"))
        #expect(try Self.reason("[1]")?.hasPrefix("a ChatGPT conversation must be an object") == true)
    }

    @Test func recognizesChatGPTAndNotTheOtherFormats() throws {
        #expect(ChatGPTReader.recognizes(try Self.json(Self.branches)))
        #expect(
            ChatGPTReader.recognizes(
                try Self.json(#"{"id": "c", "create_time": 1, "mapping": {"r": {"message": null}}}"#)))
        let deepSeek = #"""
            {"id": "d", "title": "Hi", "inserted_at": "2025-01-01T10:00:00.123456+08:00", "updated_at": "2025-01-01T10:00:00Z",
             "mapping": {"root": {"id": "root", "parent": null, "children": ["1"], "message": null},
              "1": {"id": "1", "parent": "root", "children": [], "message": {"files": [], "model": "deepseek-chat",
                "inserted_at": "2025-01-01T10:00:00.123456+08:00", "fragments": [{"type": "REQUEST", "content": "hi"}]}}}}
            """#
        #expect(!ChatGPTReader.recognizes(try Self.json(deepSeek)))
        let deepSeekWithTime = deepSeek.replacingOccurrences(
            of: #""title": "Hi","#, with: #""title": "Hi", "create_time": 1,"#)
        #expect(!ChatGPTReader.recognizes(try Self.json(deepSeekWithTime)))
        let claude = #"{"uuid": "u", "name": "", "created_at": "2024-05-01T12:00:00Z", "chat_messages": []}"#
        #expect(!ChatGPTReader.recognizes(try Self.json(claude)))
        let openWebUI =
            #"{"id": "o", "title": "t", "chat": {"history": {"currentId": "m", "messages": {}}}, "created_at": 1}"#
        #expect(!ChatGPTReader.recognizes(try Self.json(openWebUI)))
        let parley = #"{"format": "parley", "version": 1, "conversations": []}"#
        #expect(!ChatGPTReader.recognizes(try Self.json(parley)))
        #expect(!ChatGPTReader.recognizes(try Self.json(#"{"id": "c", "mapping": {}}"#)))
        #expect(!ChatGPTReader.recognizes(try Self.json(#"[{"id": "c", "create_time": 1, "mapping": {}}]"#)))
    }
}
