-- Search finds English word forms and answers prefixes quickly. The `parley` tokenizer now also indexes each
-- English word's Porter stem at the word's position (`lifetimes` as `lifetimes` and the marked stem `lifetim`),
-- so both search tables are rebuilt to hold the stems of what is already stored. They also get prefix indexes
-- for two and three characters: without them a short prefix (`co*`) makes FTS5 merge the postings of every
-- word that starts with it on every query. Longer prefixes match few words and need none.
-- The triggers of 0001 name the tables, not their definitions, so they keep working on the new tables.
DROP TABLE message_search;
CREATE VIRTUAL TABLE message_search USING fts5 (
    content_text,
    content = 'message',
    content_rowid = 'row_id',
    tokenize = 'parley',
    prefix = '2 3'
);
DROP TABLE conversation_search;
CREATE VIRTUAL TABLE conversation_search USING fts5 (
    title,
    content = 'conversation',
    content_rowid = 'row_id',
    tokenize = 'parley',
    prefix = '2 3'
);
-- A search hit names the branch it is on, which takes the shape of its conversation's tree: the conversation
-- index now holds each message's id, parent and tombstone, so that shape is read from index pages alone.
DROP INDEX message_by_conversation;
CREATE INDEX message_by_conversation ON message (conversation_id, created_at, id, parent_id, deleted);
-- parley: rebuild the search index
