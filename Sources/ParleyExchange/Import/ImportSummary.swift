import ParleyStore

/// What an import did, as `import.run` returns it and `parley import` prints it.
public struct ImportSummary: Sendable, Equatable, Codable {
    public struct Conversations: Sendable, Equatable, Codable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
    }

    public struct Messages: Sendable, Equatable, Codable {
        public var added = 0
        public var unchanged = 0
    }

    /// A conversation (or a whole document) that was not imported, and why.
    public struct Skipped: Sendable, Equatable, Codable {
        /// Where it sits: `conversations.json[12] (id 6d1f…)`, `logs.db conversation 01h…`.
        public var item: String
        public var reason: String
    }

    public var format: ImportFormat
    public var dryRun: Bool
    public var conversations = Conversations()
    public var messages = Messages()
    public var skipped: [Skipped] = []

    enum CodingKeys: String, CodingKey {
        case format, conversations, messages, skipped
        case dryRun = "dry_run"
    }

    init(format: ImportFormat, dryRun: Bool) {
        self.format = format
        self.dryRun = dryRun
    }

    /// Counts one outcome; the records of a Parley export that belong to no conversation count as messages only.
    mutating func count(_ outcome: ImportOutcome, item: String) {
        switch outcome.kind {
        case _ where outcome.conversationID == nil && outcome.kind.isStored: break
        case .added: conversations.added += 1
        case .updated: conversations.updated += 1
        case .unchanged: conversations.unchanged += 1
        case let .skipped(reason): skipped.append(Skipped(item: item, reason: reason))
        }
        messages.added += outcome.messagesAdded
        messages.unchanged += outcome.messagesUnchanged
    }
}

extension ImportOutcome.Kind {
    var isStored: Bool {
        if case .skipped = self { return false }
        return true
    }
}

/// How far an import is, sent as `import.progress` after every batch.
public struct ImportProgress: Sendable, Equatable, Codable {
    public var format: ImportFormat
    /// Conversations read so far, stored or skipped.
    public var done: Int
    /// Conversations in the export, when known before the end.
    public var total: Int?
    public var messagesAdded: Int

    enum CodingKeys: String, CodingKey {
        case format, done, total
        case messagesAdded = "messages_added"
    }
}
