import Foundation
import GRDB

/// Column readers that never trap: llm's columns are untyped SQLite, so a value of an unexpected storage class
/// reads as nil (or as its text) instead of failing GRDB's conversion.
extension Row {
    /// The column's text; an integer or a real is written out, a blob is read as UTF-8.
    func llmText(_ column: String) -> String? {
        switch self[column] as (any DatabaseValueConvertible)? {
        case let text as String: text
        case let data as Data: String(data: data, encoding: .utf8)
        case let integer as Int64: String(integer)
        case let real as Double: String(real)
        default: nil
        }
    }

    /// The column's text when it is not empty.
    func llmNonEmptyText(_ column: String) -> String? {
        guard let text = llmText(column), !text.isEmpty else { return nil }
        return text
    }

    /// The column as an integer that fits in `Int`, from an integer, a whole real or decimal text.
    func llmInteger(_ column: String) -> Int? {
        switch self[column] as (any DatabaseValueConvertible)? {
        case let integer as Int64: Int(exactly: integer)
        case let real as Double: real.isFinite && abs(real) < 1e15 ? Int(exactly: real.rounded()) : nil
        case let text as String: Int(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    /// The column's bytes, for attachments stored in the database.
    func llmBlob(_ column: String) -> Data? {
        switch self[column] as (any DatabaseValueConvertible)? {
        case let data as Data: data
        case let text as String: Data(text.utf8)
        default: nil
        }
    }
}
