-- Issue #11: SQLite indexes messages for search off the ingest transaction, in batches. SQLite only:
-- PostgreSQL keeps its generated tsvector column and GIN index (V5), whose pending list already defers
-- the index work; it has no V14 (Flyway takes a version missing from one location as never written).
--
-- FTS5 costs ~15 µs per row in a transaction of 100 rows and ~10 µs in one of 2,000, about 30 % of the
-- gateway's CPU per chat message when done by the insert trigger inside every ingest batch. Now the
-- insert only appends the message's id to a queue (an INTEGER PRIMARY KEY append: the rowid b-tree's
-- last page), and SearchIndexer moves queued messages into message_search a batch per transaction,
-- through the same single writer. A search first brings the index up to date, so it stays exact.
--
-- The queue's seq rises by one per message; only a prefix (seq <= n) is ever deleted, so the rows left
-- are seq min..max with no gaps and their count is max - min + 1 (two b-tree lookups, not a COUNT).
-- An emptied queue may hand out seq 1 again; nothing keeps a seq beyond the queue's rows.

CREATE TABLE message_search_queue (
  seq        INTEGER PRIMARY KEY,
  message_id VARCHAR(26) NOT NULL
);

DROP TRIGGER message_search_insert;
CREATE TRIGGER message_search_enqueue AFTER INSERT ON messages BEGIN
  INSERT INTO message_search_queue (message_id) VALUES (new.id);
END;

-- A message changed while queued is indexed once, by the indexer, which reads its text when it runs: the
-- update only re-indexes a message that is not queued. (A scan of the queue; messages are never updated
-- in body or conversation today, so it costs nothing in practice.)
DROP TRIGGER message_search_update;
CREATE TRIGGER message_search_update AFTER UPDATE OF body, conversation_id ON messages BEGIN
  DELETE FROM message_search WHERE message_id = old.id;
  INSERT INTO message_search (body, message_id, conversation_id)
    SELECT substr(new.body, 1, 100000), new.id, new.conversation_id
    WHERE NOT EXISTS (SELECT 1 FROM message_search_queue WHERE message_id = new.id);
END;

-- message_search_delete (V5) stays: it removes an indexed message's row. A message deleted while queued
-- leaves its queue row, which the indexer drops: it indexes only queued ids that are still messages.
