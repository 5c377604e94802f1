-- A new leader's roll call (ROLL_CALL): a row for every node, about no conversation. Each node answers
-- it with the chats whose visitors are connected to it (QUEUE_WATCHED rows), so the new leader's router
-- and chat continuity know them without waiting for the visitors to reconnect (docs/architecture.md).
ALTER TABLE cluster_events ALTER COLUMN conversation_id DROP NOT NULL;
