-- Issue #14: one customer across channels. Portable types only, as in V1.

-- A contact merged into another keeps its row (its id stays answerable) with no identities or
-- conversations left; merged_into names where they went. NULL for a live contact.
ALTER TABLE contacts ADD COLUMN merged_into VARCHAR(26);

-- Each merge, who made it (an agent id, "admin", or "proof:<proof id>") and, once undone, who undid it.
CREATE TABLE contact_merges (
  id            VARCHAR(26)  PRIMARY KEY,
  into_contact  VARCHAR(26)  NOT NULL REFERENCES contacts (id),
  from_contact  VARCHAR(26)  NOT NULL REFERENCES contacts (id),
  merged_by     VARCHAR(200) NOT NULL,
  merged_at     BIGINT       NOT NULL,
  undone_by     VARCHAR(200),
  undone_at     BIGINT
);
CREATE INDEX contact_merges_by_into ON contact_merges (into_contact, id);

-- What one merge moved, so that an unmerge moves exactly that back: IDENTITY (key: kind, value:
-- address), CONVERSATION (key: id) and ATTRIBUTE (key: name, value: the value copied).
CREATE TABLE contact_merge_items (
  merge_id    VARCHAR(26)  NOT NULL REFERENCES contact_merges (id),
  position    INTEGER      NOT NULL,
  item_kind   VARCHAR(16)  NOT NULL,
  item_key    TEXT         NOT NULL,
  item_value  TEXT,
  PRIMARY KEY (merge_id, position)
);

-- A chat visitor's claim to an e-mail address, waiting for proof. Only the SHA-256 of the mailed token
-- is kept; used_at is set once, by the first proof.
CREATE TABLE email_proofs (
  id             VARCHAR(26)  PRIMARY KEY,
  token_sha256   VARCHAR(64)  NOT NULL UNIQUE,
  claimant       VARCHAR(26)  NOT NULL REFERENCES contacts (id),
  email          VARCHAR(320) NOT NULL,
  conversation_id VARCHAR(26) NOT NULL REFERENCES conversations (id),
  created_at     BIGINT       NOT NULL,
  expires_at     BIGINT       NOT NULL,
  used_at        BIGINT
);
CREATE INDEX email_proofs_by_email ON email_proofs (email, created_at);
