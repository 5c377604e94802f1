-- Issue #14: tags on conversations, added and removed by agents. Portable types only, as in V1.
-- A tag is lower-case, 1 to 50 characters of letters, digits and - _ . : / (checked by the gateway).
CREATE TABLE conversation_tags (
  conversation_id  VARCHAR(26)  NOT NULL REFERENCES conversations (id),
  tag              VARCHAR(50)  NOT NULL,
  added_by         VARCHAR(200),
  added_at         BIGINT       NOT NULL,
  PRIMARY KEY (conversation_id, tag)
);
-- GET /api/conversations?tag=
CREATE INDEX conversation_tags_by_tag ON conversation_tags (tag, conversation_id);
