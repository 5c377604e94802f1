-- Issue #11: a message is no longer queued for the search index. Nearly every row the index takes is a
-- message, and each one's queue row cost its ingest a second insert (through a trigger) and the index's pass
-- a look-up by id and a delete. Messages now wait by their rowid: those past message_search_mark.through are
-- not indexed yet, and the indexer takes them in rowid order (SearchQueueRows). Subjects, contact names and
-- identities stay queued (V16, V17). Messages still queued now are indexed from the queue as before: the mark
-- starts at the last message stored, so no message is taken both ways.
--
-- Messages are never deleted by the gateway, so their rowids (max + 1 at each insert) only grow. Should one
-- ever be, a delete lowers the mark to the last message left, so that a new message given a rowid freed at
-- the top cannot be taken for one already indexed.

CREATE TABLE message_search_mark (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  through INTEGER NOT NULL
);
INSERT INTO message_search_mark (id, through) SELECT 1, COALESCE(max(rowid), 0) FROM messages;

DROP TRIGGER message_search_enqueue;

-- A changed message is indexed again at once when the index has it already; one not yet taken (past the mark,
-- or still queued from before this migration) is taken with its new text.
DROP TRIGGER message_search_update;
CREATE TRIGGER message_search_update AFTER UPDATE OF body, conversation_id ON messages BEGIN
  DELETE FROM message_search WHERE message_id = old.id;
  INSERT INTO message_search (body, message_id, conversation_id)
    SELECT substr(new.body, 1, 100000), new.id, new.conversation_id
    WHERE new.rowid <= (SELECT through FROM message_search_mark)
      AND NOT EXISTS (SELECT 1 FROM search_queue WHERE source = 'MESSAGE' AND row_key = new.id);
END;

CREATE TRIGGER message_search_mark_after_delete AFTER DELETE ON messages BEGIN
  UPDATE message_search_mark SET through = min(through, (SELECT COALESCE(max(rowid), 0) FROM messages));
END;
