-- Sync through a shared directory: the target this database syncs with, how far it has exported its own change
-- log, how far it has imported each other device's, and the content digest that shows convergence.

-- A draft's version vector: a JSON object from device id to the number of saves that device made. Two versions
-- of one draft are concurrent when neither vector covers the other; then the loser is kept as a conflict copy.
-- NULL (drafts saved before sync existed) means every save came from the device of the draft's stamp.
ALTER TABLE draft ADD COLUMN versions TEXT;

CREATE TABLE sync_target (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    url TEXT NOT NULL,
    target_id TEXT NOT NULL,
    encrypted INTEGER NOT NULL,
    passphrase_file TEXT,
    -- The last change-log sequence number written to a segment, and the checksum of that segment.
    exported_seq INTEGER NOT NULL DEFAULT 0,
    exported_hash TEXT,
    last_run INTEGER,
    last_error TEXT,
    -- The files the last run skipped, as JSON [{"path": …, "reason": …}], for `parley doctor`.
    last_skipped TEXT
);

-- One row per other device seen on the target: the last sequence number imported from it, and the checksum of
-- the segment that ended there (the next segment must name it as its predecessor).
CREATE TABLE sync_peer (
    device_id TEXT PRIMARY KEY NOT NULL,
    cursor_seq INTEGER NOT NULL DEFAULT 0,
    cursor_hash TEXT,
    last_seen INTEGER,
    last_error TEXT
) WITHOUT ROWID;

-- The content digest: a sum (mod 2^256) of one hash per entity state, kept up to date from the change log up
-- to `through_seq` and by every import, so the digest of a million messages costs only the changes since the
-- last time. Conversations and drafts change in place, so the hash each contributes is kept to subtract it.
CREATE TABLE sync_digest (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    through_seq INTEGER NOT NULL,
    total BLOB NOT NULL
);
CREATE TABLE sync_entity_digest (
    id TEXT PRIMARY KEY NOT NULL,
    digest BLOB NOT NULL
) WITHOUT ROWID;
