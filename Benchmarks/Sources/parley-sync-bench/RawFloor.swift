import BenchmarkCorpus
import Foundation
import GRDBSQLite
import ParleyCore
import SyncBenchSupport

/// The floor for a bulk import: the same messages inserted through SQLite's C API into a plain table in a fresh
/// file, WAL with `synchronous = NORMAL`, ``transactionRows`` rows per transaction, one prepared statement.
///
/// The table has the columns a message needs to be found and placed (id, conversation, parent, role, text,
/// time) and its primary key on the id, which any importer needs to tell a message it already has; no search
/// index and no change log, so it is what the disk and SQLite's B-trees cost at the least.
enum RawFloor {
    static let transactionRows = 10_000

    static let schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE message (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            parent_id TEXT,
            role TEXT NOT NULL,
            content_text TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        """

    /// One message row, made before the transaction that inserts it so only SQLite's work is timed.
    private struct Row {
        var id: String
        var conversationID: String
        var parentID: String?
        var role: String
        var text: String
        var createdAt: Int64
    }

    /// Inserts `count` corpus messages into a new database at `path` and returns the seconds spent inserting.
    /// Ids are time-ordered UUIDs, as Parley's are, so both B-trees grow at their right edge alike.
    static func insert(messages count: Int, path: String) throws -> Double {
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard opened == SQLITE_OK, let db = handle else {
            sqlite3_close_v2(handle)
            throw SyncBenchError("cannot open \(path): SQLite code \(opened)")
        }
        defer { sqlite3_close_v2(db) }
        guard sqlite3_exec(db, schema, nil, nil, nil) == SQLITE_OK else {
            throw SyncBenchError(String(cString: sqlite3_errmsg(db)))
        }
        let begin = try RawStatement(db, "BEGIN")
        let commit = try RawStatement(db, "COMMIT")
        let insert = try RawStatement(
            db,
            """
            INSERT INTO message (id, conversation_id, parent_id, role, content_text, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        defer { [begin, commit, insert].forEach { $0.finalize() } }
        var corpus = SyncCorpus()
        var conversation: (index: Int, id: String, head: String?) = (-1, "", nil)
        var seconds = 0.0
        while corpus.produced < count {
            let rows = corpus.next(min(transactionRows, count - corpus.produced)).map { message in
                if conversation.index != message.conversation {
                    conversation = (message.conversation, EntityID.generate().rawValue, nil)
                }
                let id = EntityID.generate().rawValue
                defer { conversation.head = id }
                return Row(
                    id: id, conversationID: conversation.id, parentID: conversation.head,
                    role: message.isAssistant ? "assistant" : "user", text: message.text,
                    createdAt: Int64(Date().timeIntervalSince1970 * 1000))
            }
            seconds += try Stopwatch.seconds {
                try begin.run()
                for row in rows {
                    insert.reset()
                    insert.bind(1, row.id)
                    insert.bind(2, row.conversationID)
                    insert.bind(3, row.parentID)
                    insert.bind(4, row.role)
                    insert.bind(5, row.text)
                    insert.bind(6, row.createdAt)
                    _ = try insert.step()
                }
                try commit.run()
            }
        }
        return seconds
    }
}
