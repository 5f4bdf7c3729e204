-- The tokens the OpenAI-compatible gateway accepts, one per frontend, by name (the name is recorded as the
-- source of what that frontend writes). Only the SHA-256 of a token is kept: the token itself is shown once,
-- when it is made. Tokens belong to this machine's daemon and are never synced: no change-log rows are written.
CREATE TABLE gateway_token (
    name TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
