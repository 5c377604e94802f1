-- Issue #15 (reports and staffing). Portable types only, as in V1.

-- What the reports need that the router's working fields lose: the router clears the SLA due times when a
-- conversation is resolved, and nothing recorded when it was resolved or how long agents held it. Each is
-- written by the store in the transaction that knows it (see ConversationRows):
--   first_response_target  the first-response due time in force when the first response came (or when the
--                          conversation was resolved without one); the router's due, so business hours count
--   next_responses         next responses owed (a customer wrote to an answered conversation, or it reopened)
--                          and answered or left unanswered past due at resolution
--   next_responses_late    of those, answered after their due time or not answered when it passed
--   assigned_at            when the current assignment began (NULL when not assigned)
--   handled_ms             total time the conversation spent assigned to an agent
--   resolved_at            when it was last resolved (NULL while open)
ALTER TABLE conversations ADD COLUMN first_response_target BIGINT;
ALTER TABLE conversations ADD COLUMN next_responses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN next_responses_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN assigned_at BIGINT;
ALTER TABLE conversations ADD COLUMN handled_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN resolved_at BIGINT;

-- Backfill what the rows still tell: the due time of open conversations, and the last change of a resolved
-- one as its resolution (resolving is its last write). Resolved conversations lost their due time: they have
-- no target and stay out of the share within SLA (docs/reports.md).
UPDATE conversations SET first_response_target = first_response_due WHERE first_response_due IS NOT NULL;
UPDATE conversations SET resolved_at = updated_at WHERE status = 'RESOLVED';
UPDATE conversations SET assigned_at = updated_at WHERE status = 'ASSIGNED';

-- The reports read conversations opened in a range: one index range scan that also holds every column
-- they read, so the table itself is not visited.
CREATE INDEX conversations_for_reports ON conversations (created_at, tier, channel, first_responded_at,
  first_response_target, resolved_at, next_responses, next_responses_late, handled_ms, assignee, last_agent);

-- Agents' presence for the staffing report: one row per stretch an agent was signed in and available.
-- Written by the desk when the stretch begins (until_at NULL) and closed when it ends; a stretch left open by
-- a crash is closed at the next start of the gateway.
CREATE TABLE agent_presence (
  id        VARCHAR(26)  PRIMARY KEY,
  agent     VARCHAR(200) NOT NULL,
  from_at   BIGINT       NOT NULL,
  until_at  BIGINT
);
CREATE INDEX agent_presence_by_time ON agent_presence (from_at, until_at);
CREATE INDEX agent_presence_open ON agent_presence (agent, until_at);
