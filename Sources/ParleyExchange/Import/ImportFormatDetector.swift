import Foundation
import ParleyCore

/// Tells which format an export is, from its kind of file and its first conversation, before anything is
/// stored; a `--format` the file does not match is refused with what was expected and what was found.
enum ImportFormatDetector {
    static func detect(
        _ source: ImportSource, requested: ImportFormat?, path: String
    ) throws(ParleyError)
        -> ImportFormat
    {
        switch source {
        case .sqlite:
            if let requested, requested != .llm {
                throw refusal(path, "is an SQLite database, not a \(requested.rawValue) export; only llm's logs.db is")
            }
            return .llm
        case let .json(documents):
            if requested == .llm {
                throw refusal(path, "is JSON, not llm's logs.db (an SQLite database)")
            }
            if let first = documents.first, try Self.isParleyExport(first) {
                if let requested, requested != .parley {
                    throw refusal(path, "is a Parley export, not a \(requested.rawValue) export")
                }
                return .parley
            }
            if requested == .parley {
                throw refusal(path, "is not a Parley export: it does not open with {\"format\":\"parley\"")
            }
            guard let element = try firstElement(documents) else {
                if let requested { return requested }
                throw refusal(path, "holds no conversations, so its format cannot be told; name it with --format")
            }
            if let requested {
                guard JSONFormats.readers(for: requested).contains(where: { $0.recognizes(element) }) else {
                    throw refusal(
                        path,
                        "is not a \(requested.rawValue) export: its first conversation has "
                            + describe(element) + "; " + JSONFormats.expectation(for: requested))
                }
                return requested
            }
            guard let reader = JSONFormats.readers.first(where: { $0.recognizes(element) }) else {
                throw refusal(
                    path,
                    "is not an export Parley reads: its first conversation has \(describe(element)); expected one of "
                        + ImportFormat.names)
            }
            return reader.format
        }
    }

    static func refusal(_ path: String, _ reason: String) -> ParleyError {
        .invalidValue(field: "path", value: path, rule: reason + "; nothing was imported")
    }

    /// Parley's export opens with its format marker, as Parley writes it.
    private static func isParleyExport(_ document: ImportDocument) throws(ParleyError) -> Bool {
        let head = try reading(document) { try document.prefix(64) }
        var start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        return head[start...].starts(with: Array(#"{"format":"parley""#.utf8))
    }

    /// The first conversation of the first document that has one, parsed; nil when none has any.
    private static func firstElement(_ documents: [ImportDocument]) throws(ParleyError) -> JSONValue? {
        for document in documents {
            var stream = JSONElementStream()
            var found: [UInt8]?
            do {
                try document.read { chunk in
                    try stream.feed(chunk) { element in
                        found = element
                        throw FirstElementFound()
                    }
                }
                try stream.finish { element in found = element }
            } catch is FirstElementFound {
            } catch let failure as JSONStreamFailure {
                throw .invalidValue(
                    field: "path", value: document.name,
                    rule: "must be complete JSON (\(failure)); nothing was imported")
            } catch {
                throw .invalidValue(field: "path", value: document.name, rule: "must be readable (\(error))")
            }
            if let found {
                do {
                    return try JSONParser.parse(found)
                } catch {
                    throw .invalidValue(
                        field: "path", value: document.name,
                        rule: "must be JSON, but its first conversation is not (\(error)); nothing was imported")
                }
            }
        }
        return nil
    }

    private static func describe(_ element: JSONValue) -> String {
        guard let object = element.objectValue else { return "no keys (it is not an object)" }
        let keys = object.keys.sorted().prefix(12).joined(separator: ", ")
        return "the keys \(keys)" + (object.count > 12 ? ", …" : "")
    }

    private static func reading<T>(_ document: ImportDocument, _ body: () throws -> T) throws(ParleyError) -> T {
        do {
            return try body()
        } catch {
            throw .invalidValue(field: "path", value: document.name, rule: "must be readable (\(error))")
        }
    }

    private struct FirstElementFound: Error {}
}
