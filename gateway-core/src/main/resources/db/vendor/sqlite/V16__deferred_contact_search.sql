-- Issue #11: SQLite indexes new contacts' names and new identities' addresses for search after the ingest
-- commits, through the queue and indexer that V14 gave messages (one queue, one indexer). SQLite only, as
-- V14: PostgreSQL keeps V5's generated tsvector columns and GIN indexes (docs/architecture.md says why).
--
-- A first message from a new sender wrote, in its ingest transaction, the contact's and the identity's FTS5
-- rows (each FTS5 insert writes its content and docsize rows and, at the commit, its segment of the
-- index): 9-10 of the ~17 rows of a first message. Now their inserts only append to the queue, next to the
-- message's queue row (the same last page of the same b-tree), and the indexer puts them into
-- contact_search and identity_search in its own transaction, a batch at a time. A conversation search
-- first brings the index up to date (SearchIndex.upToDate), so it stays exact; the contact directory's
-- search (ContactSearchRows) reads contacts and identities themselves and never read this index.
--
-- search_queue replaces message_search_queue: source names the index a row goes to (SearchField's name)
-- and row_key the row it indexes: messages.id, contacts.id, or identities.address with identities.kind in
-- kind (NULL for the others). seq keeps V14's rules: it rises by one per row and only a prefix is ever
-- deleted, so the rows left are min..max with no gaps; rows queued before this migration keep their seq.

CREATE TABLE search_queue (
  seq     INTEGER PRIMARY KEY,
  source  VARCHAR(16) NOT NULL CHECK (source IN ('MESSAGE', 'CONTACT_NAME', 'IDENTITY')),
  row_key TEXT        NOT NULL,
  kind    VARCHAR(16)
);
INSERT INTO search_queue (seq, source, row_key) SELECT seq, 'MESSAGE', message_id FROM message_search_queue;

DROP TRIGGER message_search_enqueue;
DROP TRIGGER message_search_update;
DROP TABLE message_search_queue;

CREATE TRIGGER message_search_enqueue AFTER INSERT ON messages BEGIN
  INSERT INTO search_queue (source, row_key) VALUES ('MESSAGE', new.id);
END;
-- As V14: a message changed while queued is indexed once, by the indexer, with its text as it is then.
CREATE TRIGGER message_search_update AFTER UPDATE OF body, conversation_id ON messages BEGIN
  DELETE FROM message_search WHERE message_id = old.id;
  INSERT INTO message_search (body, message_id, conversation_id)
    SELECT substr(new.body, 1, 100000), new.id, new.conversation_id
    WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE source = 'MESSAGE' AND row_key = new.id);
END;

DROP TRIGGER contact_search_insert;
CREATE TRIGGER contact_search_enqueue AFTER INSERT ON contacts WHEN new.name IS NOT NULL BEGIN
  INSERT INTO search_queue (source, row_key) VALUES ('CONTACT_NAME', new.id);
END;
-- A name changed while queued is indexed once, by the indexer (a scan of the queue; no code renames a
-- contact today). contact_search_delete (V5) stays: a contact deleted while queued is dropped by the indexer.
DROP TRIGGER contact_search_update;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name ON contacts WHEN old.name IS NOT new.name BEGIN
  DELETE FROM contact_search WHERE contact_id = old.id;
  INSERT INTO contact_search (name, contact_id) SELECT new.name, new.id
    WHERE new.name IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM search_queue WHERE source = 'CONTACT_NAME' AND row_key = new.id);
END;

DROP TRIGGER identity_search_insert;
CREATE TRIGGER identity_search_enqueue AFTER INSERT ON identities BEGIN
  INSERT INTO search_queue (source, row_key, kind) VALUES ('IDENTITY', new.address, new.kind);
END;
-- A key changed while its old key is queued: the indexer drops the old key (no such identity), the new one
-- is indexed here, unless it is itself queued (changed back): then by the indexer, once. A merge changes
-- only contact_id and fires nothing. identity_search_delete (V5) stays.
DROP TRIGGER identity_search_update;
CREATE TRIGGER identity_search_update AFTER UPDATE OF kind, address ON identities BEGIN
  DELETE FROM identity_search WHERE kind = old.kind AND address = old.address;
  INSERT INTO identity_search (address, kind) SELECT new.address, new.kind
    WHERE NOT EXISTS (SELECT 1 FROM search_queue
                      WHERE source = 'IDENTITY' AND row_key = new.address AND kind = new.kind);
END;
