import HTTPTypes
import ParleyCore

/// What a request's headers say about where it belongs, read once: the ids a frontend named, whether it is a
/// side task (a title, tags, follow-ups) and whether it is an SDK's retry of a request that got no answer.
struct ThreadHints {
    /// The conversation named, as a Parley id; `derived` when it stands for a frontend's own chat id (and may
    /// not exist yet).
    var conversationID: EntityID?
    var conversationIsDerived = false
    /// The message the request's new turn answers.
    var parentID: EntityID?
    /// The id the request's last message is stored under.
    var turnID: EntityID?
    /// The id the answer is stored under.
    var answerID: EntityID?
    /// The frontend's name for a side task (`title_generation`…), from its header.
    var task: String?
    /// `x-stainless-retry-count` ≥ 1: the OpenAI SDK sends the same request again after a failure.
    var isRetry = false

    /// Values frontends send when they have no id yet.
    private static let placeholders: Set<String> = ["", "new", "null", "undefined", "none"]

    init(_ headers: HTTPFields) throws(OpenAIError) {
        func value(_ name: String) -> String? {
            guard let field = HTTPField.Name(name), let text = headers[field]?.trimmingCharacters(in: .whitespaces),
                !Self.placeholders.contains(text.lowercased())
            else { return nil }
            return text
        }
        func parleyID(_ name: String) throws(OpenAIError) -> EntityID? {
            guard let text = value(name) else { return nil }
            guard let id = EntityID(rawValue: text) else {
                throw OpenAIError.invalid(name, value: text, rule: "must be a Parley id (a UUID)")
            }
            return id
        }
        conversationID = try parleyID("X-Parley-Conversation-Id")
        parentID = try parleyID("X-Parley-Parent-Id")
        if conversationID == nil, let chat = value("X-OpenWebUI-Chat-Id") {
            conversationID = ExternalID.derive("open-webui/chat", chat)
            conversationIsDerived = true
        } else if conversationID == nil, let chat = value("X-LibreChat-Conversation-Id") {
            conversationID = ExternalID.derive("librechat/conversation", chat)
            conversationIsDerived = true
        }
        if let message = value("X-OpenWebUI-User-Message-Id") {
            turnID = ExternalID.derive("open-webui/message", message)
        }
        if parentID == nil, let parent = value("X-OpenWebUI-User-Message-Parent-Id") {
            parentID = ExternalID.derive("open-webui/message", parent)
        }
        if let answer = value("X-OpenWebUI-Message-Id") {
            answerID = ExternalID.derive("open-webui/message", answer)
        }
        task = value("X-OpenWebUI-Task")
        if let retries = value("x-stainless-retry-count"), let count = Int(retries), count >= 1 { isRetry = true }
    }
}
