-- Issue #14: a conversation knows the customer's address it is with (the sender of the message that
-- opened it, or the address a proactive message went to), so that replies leave to that address even
-- after a merge gave its contact several of the same kind. NULL for conversations opened before V13:
-- their replies go to the contact's first address of the channel's kind, as before.
ALTER TABLE conversations ADD COLUMN customer_address TEXT;

-- Issue #16: continuity when a chat visitor leaves. An outbox entry may leave by another channel than its
-- conversation's, to an address of its own (a chat reply forwarded by e-mail or SMS): the address's kind
-- picks the channel. NULL: the conversation's own channel and address.
ALTER TABLE outbox ADD COLUMN to_kind VARCHAR(16);
ALTER TABLE outbox ADD COLUMN to_address TEXT;

-- A chat conversation's visitor: gone since when (NULL while a connection is open), and the newest agent
-- reply already forwarded to them, to which address (an SMS from it threads back into the chat).
CREATE TABLE chat_continuity (
  conversation_id    VARCHAR(26) PRIMARY KEY REFERENCES conversations (id),
  away_since         BIGINT,
  forwarded_through  VARCHAR(26),
  forwarded_kind     VARCHAR(16),
  forwarded_to       TEXT,
  forwarded_at       BIGINT,
  updated_at         BIGINT      NOT NULL
);
CREATE INDEX chat_continuity_by_away ON chat_continuity (away_since);
CREATE INDEX chat_continuity_by_address ON chat_continuity (forwarded_kind, forwarded_to);
