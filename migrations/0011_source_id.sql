-- The id a message or conversation had where it was imported from (a ChatGPT node id, an llm response id…), so
-- an import can be traced back to its source. Set once when stored; synced.
ALTER TABLE message ADD COLUMN source_id TEXT;
ALTER TABLE conversation ADD COLUMN source_id TEXT;
