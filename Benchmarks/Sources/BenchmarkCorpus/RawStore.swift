import Foundation
import GRDBSQLite

/// The floor Parley is measured against: the same messages stored through SQLite's C API directly, with an
/// external-content FTS5 index kept by a trigger, WAL, `synchronous = NORMAL` and prepared statements reused.
///
/// It uses SQLite's built-in C tokenizers (`porter unicode61`: the same English stems as Parley's), which are
/// faster than Parley's Swift `parley` tokenizer but cannot find a Chinese word inside a sentence, so it is a
/// strict floor, not an equal.
/// One connection, used from one task at a time.
public final class RawStore: @unchecked Sendable {
    /// Which index the baseline builds.
    public enum Index: Sendable {
        /// External-content FTS5 over the message text with `porter unicode61` and Parley's prefix indexes (2
        /// and 3 characters): the same stems and prefixes, fewer postings (no exact forms beside the stems), and
        /// no Chinese word inside a sentence.
        case porter
        /// Contentless FTS5 fed each message's ``CorpusMessage/indexText``: the same postings as Parley's index.
        case sameTokens
    }

    public let path: String
    public let index: Index
    private let db: OpaquePointer
    private let begin: RawStatement
    private let commit: RawStatement
    private let insert: RawStatement
    private let indexInsert: RawStatement
    private let search: RawStatement
    private let recentSearch: RawStatement
    private let details: RawStatement
    /// Each conversation's generated id and the id of its newest message, so a message names its parent.
    private var conversations: [Int: (id: String, head: String?)] = [:]

    /// The message table and its conversation index, the same for both indexes.
    static let tableSchema = """
        CREATE TABLE IF NOT EXISTS message (
            row_id INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            conversation_id TEXT NOT NULL,
            parent_id TEXT,
            role TEXT NOT NULL,
            content_text TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS message_by_conversation ON message (conversation_id, created_at);
        """

    /// The index of ``Index/porter``, kept by a trigger on the message text.
    static let porterSchema = """
        CREATE VIRTUAL TABLE IF NOT EXISTS message_fts USING fts5 (
            content_text, content = 'message', content_rowid = 'row_id',
            tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'
        );
        CREATE TRIGGER IF NOT EXISTS message_fts_insert AFTER INSERT ON message BEGIN
            INSERT INTO message_fts (rowid, content_text) VALUES (new.row_id, new.content_text);
        END;
        """

    /// The linked SQLite library's version, for the table's footnote.
    public static var version: String { String(cString: sqlite3_libversion()) }

    /// The index of ``Index/sameTokens``: it is fed by the insert, not by a trigger on the message text.
    static let sameTokensSchema = """
        CREATE VIRTUAL TABLE IF NOT EXISTS message_fts USING fts5 (
            content_text, content = '', tokenize = 'unicode61 remove_diacritics 2'
        );
        """

    public init(path: String, index: Index = .porter) throws {
        self.path = path
        self.index = index
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard let handle else { throw RawStoreError(message: "cannot open \(path): code \(opened)") }
        db = handle
        let schema =
            switch index {
            case .porter: Self.tableSchema + Self.porterSchema
            case .sameTokens: Self.tableSchema + Self.sameTokensSchema
            }
        try Self.execute(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;" + schema)
        begin = try RawStatement(db, "BEGIN IMMEDIATE")
        commit = try RawStatement(db, "COMMIT")
        insert = try RawStatement(
            db,
            """
            INSERT INTO message (id, conversation_id, parent_id, role, content_text, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        indexInsert = try RawStatement(
            db, "INSERT INTO message_fts (rowid, content_text) VALUES (last_insert_rowid(), ?)")
        search = try RawStatement(
            db, "SELECT rowid, rank FROM message_fts WHERE message_fts MATCH ? ORDER BY rank LIMIT ?")
        recentSearch = try RawStatement(
            db, "SELECT rowid, 0.0 FROM message_fts WHERE message_fts MATCH ? ORDER BY rowid DESC LIMIT ?")
        details = try RawStatement(db, "SELECT id, conversation_id FROM message WHERE row_id = ?")
    }

    deinit {
        for statement in [begin, commit, insert, indexInsert, search, recentSearch, details] { statement.finalize() }
        sqlite3_close_v2(db)
    }

    /// Stores messages in one transaction; the trigger indexes each one.
    public func append(_ messages: some Collection<CorpusMessage>) throws {
        try begin.run()
        for message in messages { try insertOne(message) }
        try commit.run()
    }

    /// Runs a ranked FTS5 query and reads its hits (id, conversation, rank) into Swift values, as an app would.
    ///
    /// The ranking reads the FTS5 table alone, so FTS5 sorts by rank itself, and only the page's rows are then
    /// looked up in `message`: the fastest shape, since joining in the ranking query looks up every match.
    /// `recent` orders by row instead, newest first, as Parley orders a query of prefixes only.
    public func search(_ query: String, recent: Bool = false, limit: Int = 20) throws -> [RawHit] {
        let statement = recent ? recentSearch : search
        statement.reset()
        statement.bind(1, query)
        statement.bind(2, Int64(limit))
        var ranked: [(rowID: Int64, rank: Double)] = []
        while try statement.step() {
            ranked.append((statement.integer(0), statement.double(1)))
        }
        return try ranked.map { row in
            // Reset after reading, so no statement keeps a read transaction open once the search is done.
            defer { details.reset() }
            details.bind(1, row.rowID)
            guard try details.step() else { throw RawStoreError(message: "no message row \(row.rowID)") }
            return RawHit(id: details.text(0), conversationID: details.text(1), rank: row.rank)
        }
    }

    /// Folds the WAL into the main file so the file size is the database's size.
    public func checkpoint() throws {
        try Self.execute(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    }

    private func insertOne(_ message: CorpusMessage) throws {
        let id = UUID().uuidString.lowercased()
        let conversation = conversations[message.conversation] ?? (UUID().uuidString.lowercased(), nil)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        insert.reset()
        insert.bind(1, id)
        insert.bind(2, conversation.id)
        insert.bind(3, conversation.head)
        insert.bind(4, message.isAssistant ? "assistant" : "user")
        insert.bind(5, message.text)
        insert.bind(6, now)
        insert.bind(7, now)
        _ = try insert.step()
        if index == .sameTokens {
            indexInsert.reset()
            indexInsert.bind(1, message.indexText ?? message.text)
            _ = try indexInsert.step()
        }
        conversations[message.conversation] = (conversation.id, id)
    }

    private static func execute(_ db: OpaquePointer, _ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &error) == SQLITE_OK else {
            defer { sqlite3_free(error) }
            throw RawStoreError(message: error.map { String(cString: $0) } ?? "sqlite3_exec failed")
        }
    }
}

public struct RawHit: Sendable {
    public var id: String
    public var conversationID: String
    public var rank: Double
}

public struct RawStoreError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
