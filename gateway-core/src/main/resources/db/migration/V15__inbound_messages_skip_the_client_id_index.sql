-- Issue #11: fewer pages written per ingested message. Portable (SQLite and PostgreSQL), as in V1.
--
-- messages_by_client_id (V1) dedupes an agent's resend: the same (conversation, author, client id) is
-- stored once. Only agent and system messages have a client id; an inbound message (every message the
-- channels ingest) has none, yet each one still went into this index, under a random conversation id: one
-- more b-tree walk and, in a store larger than the writer's batch, one more dirty 4 KiB page per message
-- in every commit's WAL. As a partial index it holds only the rows that have a client id. Uniqueness is the
-- same: rows without a client id never collided (NULLs are distinct in a unique index on both databases).
-- Every query that uses it names the client id (client_id = ?, or LIKE ?), which both planners take as
-- proof of client_id IS NOT NULL, so they can still use it (checked with EXPLAIN QUERY PLAN and EXPLAIN:
-- docs/storage.md).
DROP INDEX messages_by_client_id;
CREATE UNIQUE INDEX messages_by_client_id ON messages (conversation_id, author, client_id)
  WHERE client_id IS NOT NULL;
