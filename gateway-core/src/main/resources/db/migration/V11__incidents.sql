-- Issue #16, incident mode. Portable types only, as in V1.

-- One incident: what it matches (a regex over the customers' text, the channels, since when) and where
-- it stands. status_text answers each conversation as it is linked (the latest update's text, else the
-- text given at creation).
CREATE TABLE incidents (
  id           VARCHAR(26)  PRIMARY KEY,
  title        TEXT         NOT NULL,
  pattern      TEXT         NOT NULL,
  channels     TEXT         NOT NULL,            -- JSON array of channel keys
  match_since  BIGINT       NOT NULL,
  status       VARCHAR(10)  NOT NULL,            -- OPEN or RESOLVED
  status_text  TEXT         NOT NULL,
  created_by   VARCHAR(200) NOT NULL,
  created_at   BIGINT       NOT NULL,
  resolved_at  BIGINT
);
CREATE INDEX incidents_by_status ON incidents (status, id);

-- A conversation linked to an incident. While released_at is NULL it waits in the incident, not in the
-- router's queue (unless an agent held it already); released_at is set when the customer wrote something
-- the incident does not match, or at resolve when they wrote after the last update.
CREATE TABLE incident_links (
  incident_id      VARCHAR(26) NOT NULL REFERENCES incidents (id),
  conversation_id  VARCHAR(26) NOT NULL REFERENCES conversations (id),
  linked_at        BIGINT      NOT NULL,
  released_at      BIGINT,
  PRIMARY KEY (incident_id, conversation_id)
);
CREATE INDEX incident_links_by_conversation ON incident_links (conversation_id, released_at);

-- An update (or the final message) posted to an incident. The message it became in each linked
-- conversation has author 'system' and client_id 'incident:<incident id>:<update id>', so a re-run
-- after a crash stores none twice; stored_at is set once every linked conversation has its message.
CREATE TABLE incident_updates (
  id           VARCHAR(26)  PRIMARY KEY,
  incident_id  VARCHAR(26)  NOT NULL REFERENCES incidents (id),
  body         TEXT         NOT NULL,
  final        BOOLEAN      NOT NULL,
  created_by   VARCHAR(200) NOT NULL,
  created_at   BIGINT       NOT NULL,
  queued       INTEGER      NOT NULL,
  stored_at    BIGINT
);
CREATE INDEX incident_updates_by_incident ON incident_updates (incident_id, id);
