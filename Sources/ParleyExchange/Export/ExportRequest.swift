import ParleyCore

/// The formats `parley export` writes.
public enum ExportFormat: String, CaseIterable, Sendable, Codable {
    /// One JSON file holding every entity state: lossless, and importable by Parley anywhere.
    case parley
    /// A folder of Markdown files, one per conversation (its current branch), for notes tools.
    case markdown
}

/// What `export.run` is asked.
public struct ExportRequest: Sendable {
    /// An absolute path: the file to write (Parley JSON) or the folder to fill (Markdown).
    public var path: String
    public var format: ExportFormat
    /// Nil: every conversation.
    public var conversationIDs: [EntityID]?
    /// Only conversations changed since then (ms since 1970).
    public var since: Int64?

    public init(path: String, format: ExportFormat, conversationIDs: [EntityID]? = nil, since: Int64? = nil) {
        self.path = path
        self.format = format
        self.conversationIDs = conversationIDs
        self.since = since
    }
}

/// What an export wrote.
public struct ExportSummary: Sendable, Equatable, Codable {
    public var format: ExportFormat
    public var path: String
    public var conversations = 0
    public var messages = 0
    /// Files written: 1 for Parley JSON, one per conversation for Markdown.
    public var files = 0
    public var bytes: Int64 = 0
}
