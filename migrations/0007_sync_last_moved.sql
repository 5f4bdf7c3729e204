-- What the last sync run moved, as JSON: files and bytes written and read, and for a network target the
-- requests it took ({"files_written": …, "bytes_read": …, "requests": …, "retries": …}).
ALTER TABLE sync_target ADD COLUMN last_moved TEXT;
