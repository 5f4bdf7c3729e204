-- How to reach a network sync target beyond its URL, as JSON: the files that hold its password or key and a
-- pinned host key ({"password_file": …, "identity_file": …, "host_key": "SHA256:…"}). Paths and public
-- fingerprints only: the secrets stay in their files and are never stored here.
ALTER TABLE sync_target ADD COLUMN connection TEXT;
