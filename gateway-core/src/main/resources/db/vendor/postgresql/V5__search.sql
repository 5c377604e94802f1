-- Issue #14: full-text search, PostgreSQL side. db/vendor/sqlite/V5__search.sql is the SQLite side.
--
-- A stored generated tsvector column per searched field, with a GIN index: adding the column computes
-- it for every existing row (the backfill), and PostgreSQL keeps it in step on every insert and update,
-- whoever writes. Contacts and identities are joined to conversations when searching, never copied onto
-- them, so a merge that moves identities or conversations needs no index update.
--
-- The 'simple' configuration: lower-cased words, no stemming and no stop words, since customers write
-- in many languages (the same words SQLite's unicode61 finds). A message is indexed by its first
-- 100,000 characters: a tsvector has a size limit, and an insert past it would fail the ingest.

ALTER TABLE messages ADD COLUMN body_search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, left(body, 100000))) STORED;
CREATE INDEX messages_search ON messages USING GIN (body_search);

ALTER TABLE conversations ADD COLUMN subject_search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(subject, ''))) STORED;
CREATE INDEX conversations_search ON conversations USING GIN (subject_search);

ALTER TABLE contacts ADD COLUMN name_search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(name, ''))) STORED;
CREATE INDEX contacts_search ON contacts USING GIN (name_search);

-- PostgreSQL's parser keeps an e-mail address or a +phone number as one word; the address is indexed
-- whole and in parts (alice.smith@example.com also as alice, smith, example, com; +15551234567 also
-- as 15551234567), as SQLite's tokenizer splits it.
ALTER TABLE identities ADD COLUMN address_search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, address || ' ' || translate(address, '@.+_-', '     '))) STORED;
CREATE INDEX identities_search ON identities USING GIN (address_search);
