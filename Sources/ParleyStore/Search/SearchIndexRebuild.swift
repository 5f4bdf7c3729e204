import GRDB

/// Fills a freshly created `message_search` with every live message of every live conversation, in chunks, so
/// a migration that changes how text is indexed can report how far it is.
///
/// It runs inside the migration's transaction: if anything fails, the old index and schema stay as they were.
/// A migration asks for it with a line `-- parley: rebuild the search index` in its SQL.
enum SearchIndexRebuild {
    /// The line in a migration's SQL that asks for a rebuild after its statements.
    static let directive = "-- parley: rebuild the search index"

    /// Messages indexed per statement: small enough for frequent progress, big enough to keep FTS5's segments
    /// few (each statement ends one).
    static let chunkSize = 20_000

    /// Rebuilds both search tables; `progress` hears how many of the live messages are indexed, of how many.
    static func run(_ db: Database, progress: (_ done: Int, _ total: Int) -> Void) throws {
        let total =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM message
                    WHERE deleted = 0 AND conversation_id NOT IN (SELECT id FROM conversation WHERE deleted = 1)
                    """) ?? 0
        var done = 0
        var after: Int64 = 0
        progress(0, total)
        while let last = try Int64.fetchOne(
            db,
            sql: "SELECT max(row_id) FROM (SELECT row_id FROM message WHERE row_id > ? ORDER BY row_id LIMIT ?)",
            arguments: [after, chunkSize])
        {
            try db.execute(
                sql: """
                    INSERT INTO message_search (rowid, content_text)
                    SELECT row_id, content_text FROM message
                    WHERE row_id > ? AND row_id <= ? AND deleted = 0
                        AND conversation_id NOT IN (SELECT id FROM conversation WHERE deleted = 1)
                    """,
                arguments: [after, last])
            done += db.changesCount
            after = last
            progress(done, total)
        }
        try db.execute(
            sql: """
                INSERT INTO conversation_search (rowid, title)
                SELECT row_id, title FROM conversation WHERE deleted = 0
                """)
    }
}
