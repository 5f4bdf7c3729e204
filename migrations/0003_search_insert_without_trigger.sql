-- New messages enter the search index from the code that appends them, not from a trigger. A statement that
-- fires a trigger runs inside a statement savepoint, and FTS5 writes its pending terms out as a new index
-- segment at every savepoint: with the trigger, each message of a group-committed transaction cost a segment
-- of its own (and the merges that follow) instead of one segment per transaction.
DROP TRIGGER message_search_insert;
