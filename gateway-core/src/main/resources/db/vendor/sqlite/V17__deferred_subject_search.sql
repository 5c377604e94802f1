-- Issue #11: SQLite indexes a conversation's subject for search after the ingest commits, through the one
-- search queue and indexer (V14 messages, V16 contact names and identities; SearchIndexer). SQLite only,
-- as V14 and V16: PostgreSQL keeps V5's generated tsvector column on conversations (docs/architecture.md).
--
-- An e-mail's first message wrote its subject's FTS5 rows in its ingest transaction: the content and
-- docsize rows and, at the commit, a segment of the index (6 of its 13 rows, 4 of the 24 b-trees it
-- wrote; IngestPages counts them). Now the conversation's insert only appends to the queue, beside its
-- message's, contact's and identity's rows (the queue's last page), and the indexer puts queued subjects
-- into conversation_search a batch per transaction. A conversation search brings the index up to date
-- first (SearchIndex.upToDate), so it still finds every subject committed before it.
--
-- search_queue's CHECK gains 'SUBJECT' (row_key: conversations.id). SQLite cannot change a CHECK in
-- place, so the table is rebuilt with its rows and seq (V16's rules hold: seq rises by one per row, only a
-- prefix is ever deleted). The CHECK is now a chain of comparisons, the most frequent source first: SQLite
-- evaluates V16's `source IN (...)` by building a temporary b-tree of the list for every row inserted
-- (OpenEphemeral and an insert per value: ~15 VM steps a queue row, 3 rows per first message).
--
-- A table renamed into place must not be named by a trigger while it is missing (SQLite re-checks every
-- trigger at a rename), so the queue's triggers are dropped first and made again below, as V16 wrote them.

DROP TRIGGER message_search_enqueue;
DROP TRIGGER message_search_update;
DROP TRIGGER contact_search_enqueue;
DROP TRIGGER contact_search_update;
DROP TRIGGER identity_search_enqueue;
DROP TRIGGER identity_search_update;

CREATE TABLE search_queue_v17 (
  seq     INTEGER PRIMARY KEY,
  source  VARCHAR(16) NOT NULL
          CHECK (source = 'MESSAGE' OR source = 'IDENTITY' OR source = 'CONTACT_NAME' OR source = 'SUBJECT'),
  row_key TEXT        NOT NULL,
  kind    VARCHAR(16)
);
INSERT INTO search_queue_v17 (seq, source, row_key, kind) SELECT seq, source, row_key, kind FROM search_queue;
DROP TABLE search_queue;
ALTER TABLE search_queue_v17 RENAME TO search_queue;

-- As V16.
CREATE TRIGGER message_search_enqueue AFTER INSERT ON messages BEGIN
  INSERT INTO search_queue (source, row_key) VALUES ('MESSAGE', new.id);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF body, conversation_id ON messages BEGIN
  DELETE FROM message_search WHERE message_id = old.id;
  INSERT INTO message_search (body, message_id, conversation_id)
    SELECT substr(new.body, 1, 100000), new.id, new.conversation_id
    WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE source = 'MESSAGE' AND row_key = new.id);
END;
CREATE TRIGGER contact_search_enqueue AFTER INSERT ON contacts WHEN new.name IS NOT NULL BEGIN
  INSERT INTO search_queue (source, row_key) VALUES ('CONTACT_NAME', new.id);
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name ON contacts WHEN old.name IS NOT new.name BEGIN
  DELETE FROM contact_search WHERE contact_id = old.id;
  INSERT INTO contact_search (name, contact_id) SELECT new.name, new.id
    WHERE new.name IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM search_queue WHERE source = 'CONTACT_NAME' AND row_key = new.id);
END;
CREATE TRIGGER identity_search_enqueue AFTER INSERT ON identities BEGIN
  INSERT INTO search_queue (source, row_key, kind) VALUES ('IDENTITY', new.address, new.kind);
END;
CREATE TRIGGER identity_search_update AFTER UPDATE OF kind, address ON identities BEGIN
  DELETE FROM identity_search WHERE kind = old.kind AND address = old.address;
  INSERT INTO identity_search (address, kind) SELECT new.address, new.kind
    WHERE NOT EXISTS (SELECT 1 FROM search_queue
                      WHERE source = 'IDENTITY' AND row_key = new.address AND kind = new.kind);
END;

-- Subjects, the same way. A subject changed while queued (a save through ConversationRows.update with a
-- new subject) is indexed once, by the indexer, as it is then; one changed after its indexing is indexed
-- again at once, here. The router's saves write the subject unchanged and fire nothing (the WHEN).
-- conversation_search_delete (V5) stays: a conversation deleted while queued is dropped by the indexer.
DROP TRIGGER conversation_search_insert;
CREATE TRIGGER conversation_search_enqueue AFTER INSERT ON conversations WHEN new.subject IS NOT NULL BEGIN
  INSERT INTO search_queue (source, row_key) VALUES ('SUBJECT', new.id);
END;
DROP TRIGGER conversation_search_update;
CREATE TRIGGER conversation_search_update AFTER UPDATE OF subject ON conversations
    WHEN old.subject IS NOT new.subject BEGIN
  DELETE FROM conversation_search WHERE conversation_id = old.id;
  INSERT INTO conversation_search (subject, conversation_id) SELECT new.subject, new.id
    WHERE new.subject IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM search_queue WHERE source = 'SUBJECT' AND row_key = new.id);
END;
