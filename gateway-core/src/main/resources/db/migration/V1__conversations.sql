-- One schema for SQLite and PostgreSQL: portable types only (TEXT, VARCHAR, BIGINT, INTEGER, BOOLEAN).
-- Times are epoch milliseconds (BIGINT); ids are 26-character time-ordered strings (see Ids).

CREATE TABLE contacts (
  id          VARCHAR(26) PRIMARY KEY,
  name        TEXT,
  created_at  BIGINT      NOT NULL,
  updated_at  BIGINT      NOT NULL
);

CREATE TABLE contact_attributes (
  contact_id  VARCHAR(26) NOT NULL REFERENCES contacts (id),
  name        VARCHAR(200) NOT NULL,
  attr_value  TEXT        NOT NULL,
  PRIMARY KEY (contact_id, name)
);

-- An address belongs to at most one contact, whatever the channel it arrived on.
CREATE TABLE identities (
  kind        VARCHAR(16) NOT NULL,
  address     TEXT        NOT NULL,
  contact_id  VARCHAR(26) NOT NULL REFERENCES contacts (id),
  created_at  BIGINT      NOT NULL,
  PRIMARY KEY (kind, address)
);
CREATE INDEX identities_by_contact ON identities (contact_id);

CREATE TABLE conversations (
  id                  VARCHAR(26) PRIMARY KEY,
  ref                 VARCHAR(6)  NOT NULL UNIQUE,
  contact_id          VARCHAR(26) NOT NULL REFERENCES contacts (id),
  channel             VARCHAR(8)  NOT NULL,
  thread_key          TEXT        NOT NULL,
  subject             TEXT,
  status              VARCHAR(10) NOT NULL,
  tier                VARCHAR(100),
  skills              TEXT        NOT NULL,   -- JSON array of strings
  assignee            VARCHAR(200),
  last_agent          VARCHAR(200),
  queued_at           BIGINT,
  first_response_due  BIGINT,
  next_response_due   BIGINT,
  first_responded_at  BIGINT,
  created_at          BIGINT      NOT NULL,
  updated_at          BIGINT      NOT NULL
);
-- Ingest step 3: the open conversation of (channel, contact, thread key).
CREATE INDEX conversations_by_thread ON conversations (channel, contact_id, thread_key, status);
-- Listing by status (the router's restart, the admin API) and a contact's history across channels.
CREATE INDEX conversations_by_status ON conversations (status, id);
CREATE INDEX conversations_by_contact ON conversations (contact_id, id);

CREATE TABLE messages (
  id               VARCHAR(26) PRIMARY KEY,
  conversation_id  VARCHAR(26) NOT NULL REFERENCES conversations (id),
  channel          VARCHAR(8)  NOT NULL,
  direction        VARCHAR(4)  NOT NULL,
  author           VARCHAR(200),            -- agent id for OUT and NOTE, NULL for IN
  client_id        VARCHAR(200),            -- the agent's resend token for OUT and NOTE
  external_id      TEXT,                    -- Message-ID, MessageSid, chat client id; NULL until sent for OUT
  subject          TEXT,
  body             TEXT        NOT NULL,
  full_body        TEXT,
  html             TEXT,
  metadata         TEXT,                    -- JSON object of strings
  automated        BOOLEAN     NOT NULL,
  delivery         VARCHAR(10) NOT NULL,
  delivery_detail  TEXT,
  received_at      BIGINT,
  created_at       BIGINT      NOT NULL
);
-- Dedupe of retried inbound messages, threading by References, and provider status callbacks.
-- NULL external ids (unsent agent messages) never collide: both databases treat NULLs as distinct.
CREATE UNIQUE INDEX messages_by_external_id ON messages (channel, external_id);
-- An agent's resend of the same clientId returns the first message.
CREATE UNIQUE INDEX messages_by_client_id ON messages (conversation_id, author, client_id);
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);

CREATE TABLE attachments (
  message_id    VARCHAR(26) NOT NULL REFERENCES messages (id),
  position      INTEGER     NOT NULL,
  sha256        VARCHAR(64) NOT NULL,
  filename      TEXT        NOT NULL,
  content_type  VARCHAR(255) NOT NULL,
  byte_size     BIGINT      NOT NULL,
  is_inline     BOOLEAN     NOT NULL,
  PRIMARY KEY (message_id, position)
);

CREATE TABLE outbox (
  message_id       VARCHAR(26) PRIMARY KEY REFERENCES messages (id),
  conversation_id  VARCHAR(26) NOT NULL REFERENCES conversations (id),
  attempts         INTEGER     NOT NULL,
  next_attempt_at  BIGINT      NOT NULL,
  created_at       BIGINT      NOT NULL
);
CREATE INDEX outbox_by_due ON outbox (next_attempt_at, message_id);

CREATE TABLE channel_state (
  channel      VARCHAR(8)   NOT NULL,
  state_key    VARCHAR(200) NOT NULL,
  state_value  TEXT         NOT NULL,
  updated_at   BIGINT       NOT NULL,
  PRIMARY KEY (channel, state_key)
);
