import ParleyCore

/// The JSON formats and their readers, in the order a file is tried against them.
enum JSONFormats {
    /// DeepSeek's reader reads both its export and the web API's shape.
    static var readers: [any JSONConversationReader.Type] {
        [ChatGPTReader.self, DeepSeekReader.self, OpenWebUIReader.self, ClaudeReader.self]
    }

    /// Every reader of `format`: DeepSeek's export and the web API's shape are one format.
    static func readers(for format: ImportFormat) -> [any JSONConversationReader.Type] {
        readers.filter { $0.format == format }
    }

    /// What a file of `format` looks like, for the refusal of one that is not.
    static func expectation(for format: ImportFormat) -> String {
        switch format {
        case .chatgpt: "expected ChatGPT's conversations with mapping, current_node and create_time"
        case .deepseek: "expected DeepSeek's conversations with mapping and inserted_at, or data.biz_data"
        case .openWebUI: "expected Open WebUI chats with chat.history (or a bare chat with history)"
        case .claude: "expected Claude's conversations with uuid and chat_messages"
        case .llm: "expected llm's logs.db"
        case .parley: "expected a Parley export"
        }
    }
}
