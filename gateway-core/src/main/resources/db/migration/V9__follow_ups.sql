-- Issue #16. Portable types only, as in V1.

-- A message an agent scheduled for later; sent through the outbox at due_at unless the customer wrote
-- after it was scheduled (dropped) or it was cancelled. message_id names the message it became.
CREATE TABLE follow_ups (
  id               VARCHAR(26)  PRIMARY KEY,
  conversation_id  VARCHAR(26)  NOT NULL REFERENCES conversations (id),
  author           VARCHAR(200) NOT NULL,
  client_id        VARCHAR(200) NOT NULL,
  body             TEXT         NOT NULL,
  due_at           BIGINT       NOT NULL,
  status           VARCHAR(10)  NOT NULL,
  message_id       VARCHAR(26),
  created_at       BIGINT       NOT NULL,
  closed_at        BIGINT
);
CREATE UNIQUE INDEX follow_ups_by_client_id ON follow_ups (author, client_id);
CREATE INDEX follow_ups_by_due ON follow_ups (status, due_at, id);
CREATE INDEX follow_ups_by_conversation ON follow_ups (conversation_id, status);
