-- Issue #14: full-text search, SQLite side (FTS5). db/vendor/postgresql/V5__search.sql is the PostgreSQL side.
--
-- One FTS5 table per searched field, each keeping its own copy of the text and the key of its row
-- (UNINDEXED): not external-content tables, whose rowids would have to be the source tables' implicit
-- rowids, which a VACUUM may renumber (only an INTEGER PRIMARY KEY keeps them), and these tables have
-- string ids. Contacts and identities are joined to conversations when searching, never copied onto
-- them, so a merge that moves identities or conversations to another contact needs no index update.
--
-- unicode61 without diacritic folding: accents count, as with PostgreSQL's 'simple' configuration, so a
-- query finds the same words on both databases. A message is indexed by its first 100,000 characters
-- (PostgreSQL's tsvector has a size limit; the same bound on both keeps them alike).

CREATE VIRTUAL TABLE message_search USING fts5(
  body, message_id UNINDEXED, conversation_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE conversation_search USING fts5(
  subject, conversation_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE contact_search USING fts5(
  name, contact_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE identity_search USING fts5(
  address, kind UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');

-- Backfill: the rows stored before this migration.
INSERT INTO message_search (body, message_id, conversation_id)
  SELECT substr(body, 1, 100000), id, conversation_id FROM messages;
INSERT INTO conversation_search (subject, conversation_id)
  SELECT subject, id FROM conversations WHERE subject IS NOT NULL;
INSERT INTO contact_search (name, contact_id)
  SELECT name, id FROM contacts WHERE name IS NOT NULL;
INSERT INTO identity_search (address, kind)
  SELECT address, kind FROM identities;

-- In step from now on, in the transaction of the write that changes the row, whoever writes it.
-- Inserts (the ingest path) add one row each. Updates and deletes find the row by its UNINDEXED key,
-- which FTS5 does by a scan: they happen rarely or never (messages are never changed; a subject rarely,
-- and the router's saves, which write it unchanged, do not fire the trigger).
CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_search (body, message_id, conversation_id)
    VALUES (substr(new.body, 1, 100000), new.id, new.conversation_id);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF body, conversation_id ON messages BEGIN
  DELETE FROM message_search WHERE message_id = old.id;
  INSERT INTO message_search (body, message_id, conversation_id)
    VALUES (substr(new.body, 1, 100000), new.id, new.conversation_id);
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
  DELETE FROM message_search WHERE message_id = old.id;
END;

CREATE TRIGGER conversation_search_insert AFTER INSERT ON conversations WHEN new.subject IS NOT NULL BEGIN
  INSERT INTO conversation_search (subject, conversation_id) VALUES (new.subject, new.id);
END;
CREATE TRIGGER conversation_search_update AFTER UPDATE OF subject ON conversations
    WHEN old.subject IS NOT new.subject BEGIN
  DELETE FROM conversation_search WHERE conversation_id = old.id;
  INSERT INTO conversation_search (subject, conversation_id) SELECT new.subject, new.id WHERE new.subject IS NOT NULL;
END;
CREATE TRIGGER conversation_search_delete AFTER DELETE ON conversations WHEN old.subject IS NOT NULL BEGIN
  DELETE FROM conversation_search WHERE conversation_id = old.id;
END;

CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts WHEN new.name IS NOT NULL BEGIN
  INSERT INTO contact_search (name, contact_id) VALUES (new.name, new.id);
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name ON contacts WHEN old.name IS NOT new.name BEGIN
  DELETE FROM contact_search WHERE contact_id = old.id;
  INSERT INTO contact_search (name, contact_id) SELECT new.name, new.id WHERE new.name IS NOT NULL;
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts WHEN old.name IS NOT NULL BEGIN
  DELETE FROM contact_search WHERE contact_id = old.id;
END;

-- Identities are found by (kind, address), their primary key; a merge that moves one to another contact
-- changes only contact_id, which the index does not hold.
CREATE TRIGGER identity_search_insert AFTER INSERT ON identities BEGIN
  INSERT INTO identity_search (address, kind) VALUES (new.address, new.kind);
END;
CREATE TRIGGER identity_search_update AFTER UPDATE OF kind, address ON identities BEGIN
  DELETE FROM identity_search WHERE kind = old.kind AND address = old.address;
  INSERT INTO identity_search (address, kind) VALUES (new.address, new.kind);
END;
CREATE TRIGGER identity_search_delete AFTER DELETE ON identities BEGIN
  DELETE FROM identity_search WHERE kind = old.kind AND address = old.address;
END;
