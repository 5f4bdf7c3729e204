import GRDB
import ParleyCore

/// Fragments and attachments that 0.32+ parts name by id, each read once per conversation.
///
/// llm stores a long text (a file given with `-f`) once as a fragment and every part that quotes it as a
/// reference, so a conversation asking many questions about one document reads it once here too.
struct LLMReferences {
    let db: Database
    let schema: LLMLogsSchema
    private var fragments: [Int: String?] = [:]
    private var attachments: [String: JSONValue?] = [:]

    init(_ db: Database, schema: LLMLogsSchema) {
        self.db = db
        self.schema = schema
    }

    /// The fragment's content; nil when there is no such fragment.
    mutating func fragment(_ id: Int) throws -> String? {
        if let known = fragments[id] { return known }
        var content: String?
        if schema.has("fragments") {
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT content FROM fragments WHERE id = ?"), arguments: [id])
            content = row.map { $0.llmText("content") ?? "" }
        }
        fragments[id] = content
        return content
    }

    /// The attachment as an `llm.attachment` part; nil when there is no such attachment.
    mutating func attachment(_ id: String) throws -> JSONValue? {
        if let known = attachments[id] { return known }
        var part: JSONValue?
        if schema.has("attachments") {
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id, type, path, url, CASE WHEN coalesce(path, '') = '' AND coalesce(url, '') = '' "
                        + "THEN content END AS content FROM attachments WHERE id = ?"),
                arguments: [id])
            part = row.map {
                LLMAttachmentPart.part(
                    id: $0.llmText("id"), mimeType: $0.llmText("type"), path: $0.llmText("path"),
                    url: $0.llmText("url"), content: $0.llmBlob("content"))
            }
        }
        attachments[id] = part
        return part
    }
}
