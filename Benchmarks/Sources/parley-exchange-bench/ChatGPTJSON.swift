/// Writes a ``GeneratedConversation`` as ChatGPT's data export does: a `client-created-root` node without a
/// message, a hidden system message below it, then the chat, each message carrying the metadata object real
/// exports have (about 300 bytes), non-ASCII text escaped as `\uXXXX` like Python's `json.dumps`.
enum ChatGPTJSON {
    static let rootID = "client-created-root"

    static func append(_ conversation: GeneratedConversation, to out: inout [UInt8]) {
        let systemID = conversation.id + "-system"
        var children: [String: [String]] = [:]
        for node in conversation.nodes { children[node.parent ?? systemID, default: []].append(node.id) }
        out += "{\"title\":".utf8
        string(conversation.title, to: &out)
        out += ",\"create_time\":\(seconds(conversation.createdAt)),\"update_time\":".utf8
        out += "\(seconds(conversation.updatedAt)),\"mapping\":{".utf8
        out += "\"\(rootID)\":{\"id\":\"\(rootID)\",\"message\":null,\"parent\":null,".utf8
        out += "\"children\":[\"\(systemID)\"]},\"\(systemID)\":{\"id\":\"\(systemID)\",\"message\":{".utf8
        out += "\"id\":\"\(systemID)\",\"author\":{\"role\":\"system\",\"name\":null,\"metadata\":{}},".utf8
        out += "\"create_time\":null,\"update_time\":null,".utf8
        out += "\"content\":{\"content_type\":\"text\",\"parts\":[\"\"]},".utf8
        out += "\"status\":\"finished_successfully\",\"end_turn\":true,\"weight\":0.0,".utf8
        out += "\"metadata\":{\"is_visually_hidden_from_conversation\":true},\"recipient\":\"all\",".utf8
        out += "\"channel\":null},\"parent\":\"\(rootID)\",\"children\":".utf8
        list(children[systemID] ?? [], to: &out)
        out += "}".utf8
        for node in conversation.nodes {
            out += ",\"\(node.id)\":{\"id\":\"\(node.id)\",\"message\":{\"id\":\"\(node.id)\",\"author\":".utf8
            out += "{\"role\":\"\(node.isAssistant ? "assistant" : "user")\",\"name\":null,\"metadata\":{}},".utf8
            out += "\"create_time\":\(seconds(node.createdAt)),\"update_time\":null,".utf8
            out += "\"content\":{\"content_type\":\"text\",\"parts\":[".utf8
            string(node.text, to: &out)
            out += "]},\"status\":\"finished_successfully\",\"end_turn\":\(node.isAssistant),\"weight\":1.0,".utf8
            out += "\"metadata\":".utf8
            metadata(node, parent: node.parent ?? systemID, model: conversation.model, to: &out)
            out += ",\"recipient\":\"all\",\"channel\":null},\"parent\":\"\(node.parent ?? systemID)\",".utf8
            out += "\"children\":".utf8
            list(children[node.id] ?? [], to: &out)
            out += "}".utf8
        }
        out += "},\"moderation_results\":[],\"current_node\":\"\(conversation.currentNode)\",".utf8
        out += "\"plugin_ids\":null,\"conversation_id\":\"\(conversation.id)\",\"conversation_template_id\":null,".utf8
        out += "\"gizmo_id\":null,\"is_archived\":false,\"safe_urls\":[],".utf8
        out += "\"default_model_slug\":\"\(conversation.model)\",\"id\":\"\(conversation.id)\"}".utf8
    }

    /// What ChatGPT records beside an answer (finish details, the model, citations, request id) or a question
    /// (request id, serialization details).
    private static func metadata(
        _ node: GeneratedConversation.Node, parent: String, model: String, to out: inout [UInt8]
    ) {
        if node.isAssistant {
            out += "{\"finish_details\":{\"type\":\"stop\",\"stop_tokens\":[200002]},\"is_complete\":true,".utf8
            out += "\"citations\":[],\"content_references\":[],\"message_type\":null,\"model_slug\":".utf8
            out += "\"\(model)\",\"default_model_slug\":\"\(model)\",\"parent_id\":\"\(parent)\",".utf8
            out += "\"request_id\":\"\(node.requestID)\",\"timestamp_\":\"absolute\"}".utf8
        } else {
            out += "{\"selected_github_repos\":[],\"serialization_metadata\":{\"custom_symbol_offsets\":[]},".utf8
            out += "\"request_id\":\"\(node.requestID)\",\"message_source\":null,\"timestamp_\":\"absolute\",".utf8
            out += "\"message_type\":null,\"dictation\":false,\"parent_id\":\"\(parent)\"}".utf8
        }
    }

    /// Seconds with three decimals: `1700000123.456`, which a Double holds closely enough to round back to
    /// the same millisecond.
    private static func seconds(_ milliseconds: Int64) -> String {
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    private static func list(_ ids: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, id) in ids.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += "\"\(id)\"".utf8
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func string(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\"".utf8
            case 0x5C: out += "\\\\".utf8
            case 0x0A: out += "\\n".utf8
            case 0x20..<0x7F: out.append(UInt8(unit))
            default:
                out += "\\u".utf8
                for shift in [12, 8, 4, 0] { out.append(hex[Int((unit >> UInt16(shift)) & 0xF)]) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
