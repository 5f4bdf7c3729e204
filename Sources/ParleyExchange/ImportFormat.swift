/// The chat-history formats Parley imports; the raw value is what `--format` takes and what imported
/// conversations and messages record as their `source`.
public enum ImportFormat: String, CaseIterable, Sendable, Codable {
    /// simonw/llm's `logs.db`, both its ≤0.31 `responses` tables and its 0.32+ `messages`/`parts`/`threads`.
    case llm
    /// ChatGPT's data export: `conversations.json`, split `conversations-000.json`…, or the .zip around them.
    case chatgpt
    /// chat.deepseek.com's export (`conversations.json` in a .zip), and the web-API shape extensions save.
    case deepseek
    /// Open WebUI's chat export (`chat-export-<ms>.json`), all chats or one.
    case openWebUI = "open-webui"
    /// Claude.ai's `conversations.json`.
    case claude
    /// Parley's own lossless JSON export.
    case parley

    /// The names `--format` accepts, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
