-- Parley's first schema: conversations, message trees, drafts, usage, the change log and search.
-- Every entity carries the hybrid-logical-clock stamp (hlc) of its last change. Conversation fields that sync
-- merges last-writer-wins each carry their own stamp. References between entities are not foreign keys:
-- sync may deliver a message before the conversation or parent it belongs to.

CREATE TABLE store_identity (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- row_id is an explicit INTEGER PRIMARY KEY so VACUUM never renumbers the rows the search index points at.
CREATE TABLE conversation (
    row_id INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    pinned INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    head_message_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    title_hlc TEXT NOT NULL,
    model_hlc TEXT NOT NULL,
    settings_hlc TEXT NOT NULL,
    tags_hlc TEXT NOT NULL,
    pinned_hlc TEXT NOT NULL,
    archived_hlc TEXT NOT NULL,
    head_hlc TEXT NOT NULL,
    deleted_hlc TEXT NOT NULL
);

CREATE TABLE conversation_tag (
    conversation_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, tag)
) WITHOUT ROWID;
CREATE INDEX conversation_tag_by_tag ON conversation_tag (tag, conversation_id);

CREATE TABLE message (
    row_id INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL,
    parent_id TEXT,
    role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool', 'developer')),
    content_text TEXT NOT NULL,
    content_parts TEXT,
    reasoning_content TEXT,
    tool_calls TEXT,
    tool_call_id TEXT,
    name TEXT,
    model TEXT,
    finish_reason TEXT,
    status TEXT NOT NULL DEFAULT 'complete'
        CHECK (status IN ('complete', 'streaming', 'interrupted', 'error')),
    deleted INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    hlc TEXT NOT NULL
);
CREATE INDEX message_by_conversation ON message (conversation_id, created_at);

CREATE TABLE draft (
    id TEXT PRIMARY KEY NOT NULL,
    conversation_id TEXT NOT NULL,
    parent_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('prefix', 'composer')),
    content TEXT NOT NULL,
    reasoning_content TEXT,
    revision INTEGER NOT NULL CHECK (revision >= 1),
    interrupted INTEGER NOT NULL DEFAULT 0,
    conflict_of TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    hlc TEXT NOT NULL
);
CREATE INDEX draft_by_conversation ON draft (conversation_id, updated_at);

CREATE TABLE usage_record (
    id TEXT PRIMARY KEY NOT NULL,
    conversation_id TEXT,
    message_id TEXT,
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens INTEGER NOT NULL CHECK (completion_tokens >= 0),
    total_tokens INTEGER NOT NULL CHECK (total_tokens >= 0),
    prompt_cache_hit_tokens INTEGER,
    prompt_cache_miss_tokens INTEGER,
    reasoning_tokens INTEGER,
    cost TEXT,
    discount TEXT,
    price_table TEXT,
    latency_ms INTEGER,
    request_id TEXT,
    created_at INTEGER NOT NULL,
    hlc TEXT NOT NULL
);
CREATE INDEX usage_by_time ON usage_record (created_at);
CREATE INDEX usage_by_conversation ON usage_record (conversation_id);

-- One row per mutation, in commit order; sync exports it. `fields` lists what an update changed.
-- `seq` only grows: rows are never deleted from the end of the log (so no AUTOINCREMENT bookkeeping is needed).
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY,
    hlc TEXT NOT NULL,
    entity TEXT NOT NULL CHECK (entity IN ('conversation', 'message', 'draft', 'usage')),
    entity_id TEXT NOT NULL,
    operation TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'restore')),
    fields TEXT
);

-- Full-text search. The `parley` tokenizer (registered by the store on every connection) folds case and
-- accents, splits code identifiers, and indexes Chinese, Japanese and Korean text as overlapping bigrams.
CREATE VIRTUAL TABLE message_search USING fts5 (
    content_text,
    content = 'message',
    content_rowid = 'row_id',
    tokenize = 'parley'
);

-- The index holds exactly the searchable messages: live messages of live conversations. Deleting a message or
-- its conversation takes it out, restoring puts it back, so a search never has to filter tombstones.
CREATE TRIGGER message_search_insert AFTER INSERT ON message
WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM conversation WHERE id = new.conversation_id AND deleted = 1)
BEGIN
    INSERT INTO message_search (rowid, content_text) VALUES (new.row_id, new.content_text);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF deleted, content_text ON message
WHEN NOT EXISTS (SELECT 1 FROM conversation WHERE id = new.conversation_id AND deleted = 1)
BEGIN
    INSERT INTO message_search (message_search, rowid, content_text)
        SELECT 'delete', old.row_id, old.content_text WHERE old.deleted = 0;
    INSERT INTO message_search (rowid, content_text)
        SELECT new.row_id, new.content_text WHERE new.deleted = 0;
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON message
WHEN old.deleted = 0 AND NOT EXISTS (SELECT 1 FROM conversation WHERE id = old.conversation_id AND deleted = 1)
BEGIN
    INSERT INTO message_search (message_search, rowid, content_text) VALUES ('delete', old.row_id, old.content_text);
END;
CREATE TRIGGER message_search_conversation_deleted AFTER UPDATE OF deleted ON conversation
WHEN old.deleted = 0 AND new.deleted = 1
BEGIN
    INSERT INTO message_search (message_search, rowid, content_text)
        SELECT 'delete', row_id, content_text FROM message WHERE conversation_id = new.id AND deleted = 0;
END;
CREATE TRIGGER message_search_conversation_restored AFTER UPDATE OF deleted ON conversation
WHEN old.deleted = 1 AND new.deleted = 0
BEGIN
    INSERT INTO message_search (rowid, content_text)
        SELECT row_id, content_text FROM message WHERE conversation_id = new.id AND deleted = 0;
END;

CREATE VIRTUAL TABLE conversation_search USING fts5 (
    title,
    content = 'conversation',
    content_rowid = 'row_id',
    tokenize = 'parley'
);

CREATE TRIGGER conversation_search_insert AFTER INSERT ON conversation WHEN new.deleted = 0 BEGIN
    INSERT INTO conversation_search (rowid, title) VALUES (new.row_id, new.title);
END;
CREATE TRIGGER conversation_search_update AFTER UPDATE OF deleted, title ON conversation BEGIN
    INSERT INTO conversation_search (conversation_search, rowid, title)
        SELECT 'delete', old.row_id, old.title WHERE old.deleted = 0;
    INSERT INTO conversation_search (rowid, title)
        SELECT new.row_id, new.title WHERE new.deleted = 0;
END;
CREATE TRIGGER conversation_search_delete AFTER DELETE ON conversation WHEN old.deleted = 0 BEGIN
    INSERT INTO conversation_search (conversation_search, rowid, title) VALUES ('delete', old.row_id, old.title);
END;
