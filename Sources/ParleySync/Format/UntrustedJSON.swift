import Foundation
import ParleyCore

/// Decodes JSON read from a target, turning every failure into one sentence that names the field.
enum UntrustedJSON {
    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, path: String) throws(ParleyError) -> Value
    {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as ParleyError {
            throw .sync(path: path, reason: "\(error)")
        } catch let error as DecodingError {
            throw .sync(path: path, reason: describe(error))
        } catch {
            throw .sync(path: path, reason: "is not valid JSON: \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the document" : text
        }
        switch error {
        case let .keyNotFound(key, context):
            let parent = field(context.codingPath)
            return "\(parent == "the document" ? "" : parent + ".")\(key.stringValue) is missing"
        case let .typeMismatch(type, context):
            return "\(field(context.codingPath)) must be \(type)"
        case let .valueNotFound(type, context):
            return "\(field(context.codingPath)) must be \(type), not null"
        case let .dataCorrupted(context):
            if let underlying = context.underlyingError as? ParleyError { return "\(underlying)" }
            return context.codingPath.isEmpty
                ? "is not valid JSON" : "\(field(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "is not a valid document: \(error)"
        }
    }
}
