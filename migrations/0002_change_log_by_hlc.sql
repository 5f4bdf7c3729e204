-- The newest clock stamp is read at every start to seed the hybrid logical clock; without this index that
-- read scans the whole change log (and, through the memory map, pulls it into the daemon's memory).
CREATE INDEX change_log_by_hlc ON change_log (hlc);
