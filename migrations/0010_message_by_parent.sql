-- Finding a message by where it sits and what it says: the gateway threads each stateless request into the
-- tree by walking from the roots (parent_id NULL) down the children whose role and text match the request's
-- messages. The first 64 characters of the text, without the white space frontends add or trim around it, keep
-- the index small while telling almost every sibling apart.
CREATE INDEX message_by_parent ON message (parent_id, role, substr(trim(content_text, char(32, 9, 10, 13)), 1, 64));
