import Foundation
import ParleyCore

/// An llm attachment (`attachments` row) as a content part: `{"type": "llm.attachment", "type_": mime, …}`.
///
/// The part keeps the attachment's id and its path or URL; bytes llm stored in the database (an attachment
/// given as content, with neither path nor URL) are kept as base64 `content`, since nothing else would find
/// them again.
enum LLMAttachmentPart {
    static func part(id: String?, mimeType: String?, path: String?, url: String?, content: Data?) -> JSONValue {
        var object: [String: JSONValue] = ["type": "llm.attachment"]
        if let id, !id.isEmpty { object["id"] = .string(id) }
        if let mimeType, !mimeType.isEmpty { object["type_"] = .string(mimeType) }
        if let path, !path.isEmpty { object["path"] = .string(path) }
        if let url, !url.isEmpty { object["url"] = .string(url) }
        if object["path"] == nil, object["url"] == nil, let content, !content.isEmpty {
            object["content"] = .string(content.base64EncodedString())
        }
        return .object(object)
    }
}
