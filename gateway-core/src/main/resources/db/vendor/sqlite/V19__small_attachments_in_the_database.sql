-- Issue #11: small attachments' content in the database, written in the transaction of the message (or
-- agent's upload) that names it, so the commit's one sync covers it; larger ones stay files under
-- storage.attachments, each synced before its message is written (docs/storage.md, "Attachments").
-- One row per SHA-256, as the files are: the same bytes named again insert nothing (ON CONFLICT DO NOTHING).
-- Existing attachments stay files and are still read from there: no data moves.
--
-- A rowid table (the sha256 key a separate index): WITHOUT ROWID keeps the whole row in the key's b-tree,
-- which SQLite advises against for rows larger than about a twentieth of a page; these are up to 256 KB,
-- stored in overflow pages either way.
CREATE TABLE blobs (
  sha256   VARCHAR(64) NOT NULL PRIMARY KEY,
  content  BLOB        NOT NULL
);
