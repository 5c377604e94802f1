-- Events that cross nodes (issue #12): each node appends what happened on it (ids only; the rows are in
-- the store) and every node tails the table in seq order. A NOTIFY on channel switchboard_events, sent
-- after the insert's commit from its own statement (never inside a store transaction: NOTIFY takes a
-- global lock at commit), only wakes the tailers early; they poll as well.
CREATE TABLE cluster_events (
  seq               BIGSERIAL    PRIMARY KEY,
  origin            VARCHAR(100) NOT NULL,
  kind              VARCHAR(24)  NOT NULL,
  conversation_id   VARCHAR(26)  NOT NULL,
  message_id        VARCHAR(26),
  new_conversation  BOOLEAN      NOT NULL DEFAULT FALSE,
  automated         BOOLEAN      NOT NULL DEFAULT FALSE,
  delivery          VARCHAR(10),
  detail            TEXT,
  created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX cluster_events_by_age ON cluster_events (created_at);
