import Foundation
import ParleyCore
import ZIPFoundation

/// What `parley import PATH` found at PATH: an llm database, or the JSON documents of an export, from a file,
/// a folder or a .zip.
enum ImportSource {
    case sqlite(path: String)
    case json([ImportDocument])

    static let sqliteHeader = Array("SQLite format 3\0".utf8)
    static let zipHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// Finds the documents of the export at `path` (absolute). In a folder or a .zip: ChatGPT's split files
    /// `conversations-000.json`… in order, else `conversations.json`, else llm's `logs.db`, else every `.json`
    /// file (Open WebUI's `chat-export-*.json`), by name.
    static func open(_ path: String) throws(ParleyError) -> ImportSource {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .invalidValue(field: "path", value: path, rule: "must be an existing file, folder or .zip")
        }
        if isFolder.boolValue { return try folder(path) }
        let document = try ImportDocument.file(path, name: (path as NSString).lastPathComponent)
        let head = try reading(path) { try document.prefix(16) }
        if head == sqliteHeader { return .sqlite(path: path) }
        if head.starts(with: zipHeader) { return try zip(path) }
        if [".db", ".sqlite", ".sqlite3"].contains(where: path.hasSuffix) {
            throw ImportFormatDetector.refusal(
                path, "is not an SQLite database: llm's logs.db begins with the header \"SQLite format 3\"")
        }
        return .json([document])
    }

    private static func folder(_ path: String) throws(ParleyError) -> ImportSource {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        let chosen = choose(names)
        if chosen == ["logs.db"] { return .sqlite(path: path + "/logs.db") }
        guard !chosen.isEmpty else {
            throw .invalidValue(
                field: "path", value: path,
                rule: "must hold an export: conversations.json, conversations-000.json…, logs.db or .json files")
        }
        var documents: [ImportDocument] = []
        for name in chosen { documents.append(try ImportDocument.file(path + "/" + name, name: name)) }
        return .json(documents)
    }

    private static func zip(_ path: String) throws(ParleyError) -> ImportSource {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .invalidValue(field: "path", value: path, rule: "must be a readable .zip archive (\(error))")
        }
        let entries = Dictionary(
            archive.filter { $0.type == .file }.map { (($0.path as NSString).lastPathComponent, $0) },
            uniquingKeysWith: { first, _ in first })
        let chosen = choose(entries.keys.sorted()).filter { $0 != "logs.db" }
        guard !chosen.isEmpty else {
            throw .invalidValue(
                field: "path", value: path,
                rule: "must be a .zip holding conversations.json, conversations-000.json… or .json chat exports")
        }
        let archiveName = (path as NSString).lastPathComponent
        return .json(
            chosen.compactMap { entries[$0] }.map { ImportDocument.zipEntry($0, of: archive, archiveName: archiveName) }
        )
    }

    /// The names, among a folder's or archive's, that make up the export.
    private static func choose(_ names: [String]) -> [String] {
        let split = names.filter { name in
            name.hasPrefix("conversations-") && name.hasSuffix(".json")
                && name.dropFirst("conversations-".count).dropLast(".json".count).allSatisfy(\.isNumber)
        }
        if !split.isEmpty { return split }
        if names.contains("conversations.json") { return ["conversations.json"] }
        if names.contains("logs.db") { return ["logs.db"] }
        let ignored: Set<String> = [
            "user.json", "export_manifest.json", "message_feedback.json", "shared_conversations.json",
            "model_comparisons.json", "users.json", "projects.json",
        ]
        return names.filter { $0.hasSuffix(".json") && !ignored.contains($0) }
    }

    private static func reading<T>(_ path: String, _ body: () throws -> T) throws(ParleyError) -> T {
        do {
            return try body()
        } catch let error as ParleyError {
            throw error
        } catch {
            throw .invalidValue(field: "path", value: path, rule: "must be a readable file (\(error))")
        }
    }
}
