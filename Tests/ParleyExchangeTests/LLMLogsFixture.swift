import Foundation
import GRDB

/// Fixture `logs.db` files written with the tables exactly as llm 0.36's migrations create them, in a
/// temporary folder that `remove()` deletes.
struct LLMLogsFixture {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("llm-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A database at `name` made by running `sql`; closed before it is returned, so only the file is left.
    /// Foreign keys are off, as llm leaves them, so damaged rows can be written.
    func database(_ name: String = "logs.db", _ sql: String...) throws -> String {
        let path = folder.appendingPathComponent(name).path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            for statement in sql { try db.execute(sql: statement) }
        }
        try queue.close()
        return path
    }

    /// The ≤0.31 tables of an llm 0.31 `logs.db`.
    static let legacyTables = #"""
        CREATE TABLE "conversations" ("id" TEXT PRIMARY KEY, "name" TEXT, "model" TEXT);
        CREATE TABLE "attachments" ("id" TEXT PRIMARY KEY, "type" TEXT, "path" TEXT, "url" TEXT, "content" BLOB);
        CREATE TABLE "prompt_attachments" (
           "response_id" TEXT REFERENCES "responses"("id"),
           "attachment_id" TEXT REFERENCES "attachments"("id"),
           "order" INTEGER,
           PRIMARY KEY ("response_id", "attachment_id")
        );
        CREATE TABLE "schemas" ("id" TEXT PRIMARY KEY, "content" TEXT);
        CREATE TABLE "responses" (
           "id" TEXT PRIMARY KEY,
           "model" TEXT,
           "prompt" TEXT,
           "system" TEXT,
           "prompt_json" TEXT,
           "options_json" TEXT,
           "response" TEXT,
           "response_json" TEXT,
           "conversation_id" TEXT REFERENCES "conversations"("id"),
           "duration_ms" INTEGER,
           "datetime_utc" TEXT,
           "input_tokens" INTEGER,
           "output_tokens" INTEGER,
           "token_details" TEXT,
           "schema_id" TEXT REFERENCES "schemas"("id")
        , "resolved_model" TEXT, "reasoning" TEXT);
        CREATE TABLE "fragments" (
           "id" INTEGER PRIMARY KEY, "hash" TEXT, "content" TEXT, "datetime_utc" TEXT, "source" TEXT
        );
        CREATE TABLE "prompt_fragments" (
           "response_id" TEXT REFERENCES "responses"("id"),
           "fragment_id" INTEGER REFERENCES "fragments"("id"),
           "order" INTEGER,
           PRIMARY KEY ("response_id", "fragment_id", "order")
        );
        CREATE TABLE "system_fragments" (
           "response_id" TEXT REFERENCES "responses"("id"),
           "fragment_id" INTEGER REFERENCES "fragments"("id"),
           "order" INTEGER,
           PRIMARY KEY ("response_id", "fragment_id", "order")
        );
        CREATE TABLE "tools" (
           "id" INTEGER PRIMARY KEY, "hash" TEXT, "name" TEXT, "description" TEXT, "input_schema" TEXT
        , "plugin" TEXT);
        CREATE TABLE "tool_calls" (
           "id" INTEGER PRIMARY KEY,
           "response_id" TEXT REFERENCES "responses"("id"),
           "tool_id" INTEGER REFERENCES "tools"("id"),
           "name" TEXT,
           "arguments" TEXT,
           "tool_call_id" TEXT
        );
        CREATE TABLE "tool_instances" ("id" INTEGER PRIMARY KEY, "plugin" TEXT, "name" TEXT, "arguments" TEXT);
        CREATE TABLE "tool_results" (
           "id" INTEGER PRIMARY KEY,
           "response_id" TEXT REFERENCES "responses"("id"),
           "tool_id" INTEGER REFERENCES "tools"("id"),
           "name" TEXT,
           "output" TEXT,
           "tool_call_id" TEXT,
           "instance_id" INTEGER REFERENCES "tool_instances"("id")
        , "exception" TEXT);
        """#

    /// The `responses` table as llm 0.12 created it, before usage, schemas, reasoning and fragments.
    static let earlyTables = #"""
        CREATE TABLE "conversations" ("id" TEXT PRIMARY KEY, "name" TEXT, "model" TEXT);
        CREATE TABLE "responses" (
           "id" TEXT PRIMARY KEY,
           "model" TEXT,
           "prompt" TEXT,
           "system" TEXT,
           "prompt_json" TEXT,
           "options_json" TEXT,
           "response" TEXT,
           "response_json" TEXT,
           "conversation_id" TEXT REFERENCES "conversations"("id"),
           "duration_ms" INTEGER,
           "datetime_utc" TEXT
        );
        """#

    /// The 0.32+ message store (migration m023 and m027).
    static let messageTables = #"""
        CREATE TABLE IF NOT EXISTS "fragments" (
           "id" INTEGER PRIMARY KEY, "hash" TEXT, "content" TEXT, "datetime_utc" TEXT, "source" TEXT
        );
        CREATE TABLE IF NOT EXISTS "attachments" (
           "id" TEXT PRIMARY KEY, "type" TEXT, "path" TEXT, "url" TEXT, "content" BLOB
        );
        CREATE TABLE "messages" (
           "hash" TEXT PRIMARY KEY,
           "parent_hash" TEXT REFERENCES "messages"("hash"),
           "role" TEXT,
           "provider_metadata" TEXT
        );
        CREATE TABLE "parts" (
           "id" INTEGER PRIMARY KEY,
           "message_hash" TEXT REFERENCES "messages"("hash"),
           "position" INTEGER,
           "type" TEXT,
           "tool_name" TEXT,
           "text" TEXT,
           "payload" TEXT
        );
        CREATE TABLE "threads" (
           "id" TEXT PRIMARY KEY,
           "name" TEXT,
           "tip_message_hash" TEXT REFERENCES "messages"("hash"),
           "forked_from" TEXT REFERENCES "threads"("id"),
           "datetime_utc" TEXT
        );
        CREATE TABLE "turns" (
           "id" TEXT PRIMARY KEY,
           "thread_id" TEXT REFERENCES "threads"("id"),
           "parent_message_hash" TEXT REFERENCES "messages"("hash"),
           "tip_message_hash" TEXT REFERENCES "messages"("hash"),
           "model" TEXT,
           "resolved_model" TEXT,
           "options_json" TEXT,
           "schema_id" TEXT REFERENCES "schemas"("id"),
           "input_tokens" INTEGER,
           "output_tokens" INTEGER,
           "token_details" TEXT,
           "duration_ms" INTEGER,
           "datetime_utc" TEXT
        , "response_json" TEXT);
        CREATE INDEX "idx_messages_parent_hash" ON "messages" ("parent_hash");
        CREATE UNIQUE INDEX "idx_parts_message_hash_position" ON "parts" ("message_hash", "position");
        CREATE INDEX "idx_turns_thread_id" ON "turns" ("thread_id");
        """#
}
