-- Issue #11: an inbound message's look-up of its thread reads that thread, not all its contact's conversations.
-- Portable (SQLite and PostgreSQL), as in V1.
--
-- The ingest asks for the newest open conversation of (channel, contact, thread key): SenderThread's
-- statement and ConversationRows.openByThread, "... AND status <> ? ORDER BY id DESC LIMIT 1". V1's
-- conversations_by_thread ends in status, which a "<>" cannot use and which leaves the ORDER BY to a sort,
-- so SQLite's planner took conversations_by_contact (contact_id, id) instead, to avoid the sort: it walked
-- the contact's conversations newest first until one matched, and all of them for a new thread key (an
-- e-mail without In-Reply-To, every message of an automated sender). Ending the index in id serves the
-- three equalities and the order at once: the walk is the thread's own conversations, newest first, and
-- stops at the first not resolved (SenderThread's statement checked with EXPLAIN QUERY PLAN: SqliteThreadIndexTest).
-- The old index served nothing else (every query naming thread_key names channel and contact_id too,
-- except CsatRows.latestOnThread, which can use only channel from either).
CREATE INDEX conversations_by_thread_newest ON conversations (channel, contact_id, thread_key, id);
DROP INDEX conversations_by_thread;
