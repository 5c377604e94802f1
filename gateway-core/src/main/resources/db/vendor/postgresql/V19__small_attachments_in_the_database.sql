-- Issue #11: small attachments' content in the database, written in the transaction of the message (or
-- agent's upload) that names it, so the commit's one sync covers it and every node of a cluster reads it;
-- larger ones stay files under storage.attachments, each synced before its message is written
-- (docs/storage.md, "Attachments"). One row per SHA-256, as the files are: the same bytes named again insert
-- nothing (ON CONFLICT DO NOTHING). Existing attachments stay files and are still read from there.
-- bytea, not a large object: up to 256 KB by default, TOASTed (compressed if it pays) out of the row.
CREATE TABLE blobs (
  sha256   VARCHAR(64) NOT NULL PRIMARY KEY,
  content  BYTEA       NOT NULL
);
