import Foundation
import ParleyCore
import ParleyStore

/// Writes one Markdown file per live conversation into a folder, for notes tools (Obsidian, Logseq…): front
/// matter with the title, tags, model and times, then the current branch, thinking folded in `<details>`.
struct MarkdownWriter {
    let store: ParleyStore

    func write(_ ids: [EntityID], to folder: String) throws(ParleyError) -> ExportSummary {
        var summary = ExportSummary(format: .markdown, path: folder)
        try Self.makeFolder(folder)
        for id in ids {
            guard let records = try store.exports.records(of: id),
                case let .conversation(conversation, _)? = records.first, !conversation.deleted
            else { continue }
            let messages = records.compactMap { record -> Message? in
                if case let .message(message) = record { return message }
                return nil
            }
            let branch = Self.currentBranch(of: conversation, in: messages)
            let file = try OutputFile(path: folder + "/" + Self.fileName(conversation), syncs: Self.syncsOnce)
            try file.write(MarkdownDocument(conversation: conversation, branch: branch).text)
            try file.commit()
            summary.conversations += 1
            summary.messages += branch.count
            summary.files += 1
            summary.bytes += file.written
        }
        if Self.syncsOnce { OutputFile.syncAll() }
        return summary
    }

    /// On Linux the files are synced together at the end (``OutputFile/syncAll()``); elsewhere each one itself.
    #if os(Linux)
        static let syncsOnce = true
    #else
        static let syncsOnce = false
    #endif

    /// The live messages from the root to the head.
    static func currentBranch(of conversation: Conversation, in messages: [Message]) -> [Message] {
        let byID = Dictionary(messages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var branch: [Message] = []
        var cursor = conversation.headMessageID.flatMap { byID[$0] }
        while let message = cursor, branch.count < messages.count {
            if !message.deleted { branch.append(message) }
            cursor = message.parentID.flatMap { byID[$0] }
        }
        return branch.reversed()
    }

    /// `2024-05-01-rust-lifetimes-0f8e1a2b.md`: sorted by date in a file list, readable, and unique by the id.
    static func fileName(_ conversation: Conversation) -> String {
        let date = MarkdownDocument.time(conversation.createdAt).prefix(10)
        var slug = ""
        for scalar in conversation.title.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug.append("-")
            }
            if slug.count >= 60 { break }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        let id = conversation.id.rawValue.prefix(8)
        return slug.isEmpty ? "\(date)-\(id).md" : "\(date)-\(slug)-\(id).md"
    }

    private static func makeFolder(_ folder: String) throws(ParleyError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw .invalidValue(
                    field: "path", value: folder, rule: "must be a folder for a Markdown export (it is a file)")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .invalidValue(field: "path", value: folder, rule: "must be a folder Parley can create (\(error))")
        }
    }
}
