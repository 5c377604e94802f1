-- Issue #15 (CSAT). Portable types only, as in V1.

-- One satisfaction survey per resolution of a conversation (resolved_at is the conversations row's resolved_at
-- when it was asked, so a reopened and again resolved conversation gets a second row). Written by the leader's
-- CsatScheduler with the ask's message and outbox entry in one transaction. status: ASKED (waiting for an
-- answer until expires_at), ANSWERED (score 1..5, comment optional), SKIPPED (not asked: the customer opted
-- out of SMS). tier, channel and agent are the conversation's at the ask, so the CSAT report reads this table
-- alone. answer_ref is what carried the answer (an SMS MessageSid, chat, link) so a retried webhook is
-- recognised as the answer it already gave.
CREATE TABLE csat_surveys (
  id               VARCHAR(26)  PRIMARY KEY,
  conversation_id  VARCHAR(26)  NOT NULL REFERENCES conversations (id),
  resolved_at      BIGINT       NOT NULL,
  channel          VARCHAR(8)   NOT NULL,
  tier             VARCHAR(100),
  agent            VARCHAR(200),
  status           VARCHAR(10)  NOT NULL,
  message_id       VARCHAR(26),
  asked_at         BIGINT       NOT NULL,
  expires_at       BIGINT       NOT NULL,
  score            INTEGER,
  comment          TEXT,
  answered_at      BIGINT,
  answer_ref       VARCHAR(200)
);
CREATE UNIQUE INDEX csat_surveys_once_per_resolution ON csat_surveys (conversation_id, resolved_at);
CREATE INDEX csat_surveys_by_message ON csat_surveys (message_id);
-- The CSAT report: answers in a range, with every column it groups by.
CREATE INDEX csat_surveys_for_reports ON csat_surveys (answered_at, score, tier, channel, agent);
-- The scheduler's look for resolutions not yet asked about.
CREATE INDEX conversations_by_resolution ON conversations (resolved_at, status);
