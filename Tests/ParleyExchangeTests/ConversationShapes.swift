import ParleyCore
import ParleyStore

@testable import ParleyExchange

/// One small first element of each JSON export format, so every reader's `recognizes` is tried on all of them.
enum ConversationShapes {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    static let chatGPT = #"""
        {"id": "g1", "title": "Hi", "create_time": 1714564800.25, "update_time": 1714564900.5,
         "current_node": "n2", "default_model_slug": "gpt-4o",
         "mapping": {
           "client-created-root": {"id": "client-created-root", "parent": null, "children": ["n1"], "message": null},
           "n1": {"id": "n1", "parent": "client-created-root", "children": ["n2"],
                  "message": {"id": "n1", "author": {"role": "user"}, "create_time": 1714564800.25,
                              "content": {"content_type": "text", "parts": ["Hi"]}}},
           "n2": {"id": "n2", "parent": "n1", "children": [],
                  "message": {"id": "n2", "author": {"role": "assistant"}, "create_time": 1714564801.0,
                              "content": {"content_type": "text", "parts": ["Hello"]}}}
         }}
        """#

    static let deepSeekExport = #"""
        {"id": "d1", "title": "Hi", "inserted_at": "2025-02-01T10:00:00.123456+08:00",
         "updated_at": "2025-02-01T10:00:00.123456+08:00",
         "mapping": {
           "root": {"id": "root", "parent": null, "children": ["1"], "message": null},
           "1": {"id": "1", "parent": "root", "children": [],
                 "message": {"files": [], "model": "deepseek-chat", "inserted_at": "2025-02-01T10:00:00.123456+08:00",
                             "fragments": [{"type": "REQUEST", "content": "Hi"}]}}
         }}
        """#

    static let deepSeekWebAPI = #"""
        {"code": 0, "data": {"biz_code": 0, "biz_data": {
          "chat_session": {"id": "s1", "title": "Hi", "current_message_id": 1, "inserted_at": 1738375200.5},
          "chat_messages": [{"message_id": 1, "parent_id": null, "role": "USER", "status": "FINISHED",
                             "fragments": [{"type": "REQUEST", "content": "Hi"}]}]}}}
        """#

    static let openWebUI = #"""
        {"id": "w1", "user_id": "u1", "title": "Hi", "created_at": 1714564800, "updated_at": 1714564900,
         "archived": false, "pinned": false, "meta": {"tags": []}, "folder_id": null,
         "chat": {"id": "w1", "title": "Hi", "models": ["llama3"], "timestamp": 1714564800000,
                  "history": {"currentId": "a", "messages": {
                    "q": {"id": "q", "parentId": null, "childrenIds": ["a"], "role": "user", "content": "Hi",
                          "timestamp": 1714564800},
                    "a": {"id": "a", "parentId": "q", "childrenIds": [], "role": "assistant", "content": "Hello",
                          "model": "llama3", "timestamp": 1714564801, "done": true}}},
                  "messages": []}}
        """#

    static let openWebUIBareChat = #"""
        {"title": "Hi", "models": ["llama3"], "timestamp": 1714564800000,
         "history": {"currentId": "q", "messages": {
           "q": {"id": "q", "parentId": null, "childrenIds": [], "role": "user", "content": "Hi",
                 "timestamp": 1714564800}}},
         "messages": [{"id": "q", "parentId": null, "role": "user", "content": "Hi"}]}
        """#

    static let claude = #"""
        {"uuid": "c1", "name": "", "summary": "", "created_at": "2024-05-01T12:00:00.000000Z",
         "updated_at": "2024-05-01T12:00:00.000000Z",
         "chat_messages": [{"uuid": "m1", "sender": "human", "text": "Hi", "content": [{"type": "text", "text": "Hi"}],
                            "created_at": "2024-05-01T12:00:00.000000Z", "attachments": [], "files": [],
                            "parent_message_uuid": "00000000-0000-4000-8000-000000000000"}]}
        """#

    /// Every shape with the format that owns it.
    static let all: [(format: ImportFormat, text: String)] = [
        (.chatgpt, chatGPT), (.deepseek, deepSeekExport), (.deepseek, deepSeekWebAPI), (.openWebUI, openWebUI),
        (.openWebUI, openWebUIBareChat), (.claude, claude),
    ]
}

extension ImportedConversation {
    /// The message with source id `id`, if any.
    func message(withSourceID id: String) -> ImportedMessage? {
        messages.first { $0.sourceID == id }
    }
}
