-- Where a message or conversation came from, when not from Parley's own frontends: the name of the gateway
-- token that sent it (open-webui, aider…) or the format it was imported from. Set once when stored; synced.
ALTER TABLE message ADD COLUMN source TEXT;
ALTER TABLE conversation ADD COLUMN source TEXT;
