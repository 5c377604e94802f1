-- Issue #15 (reports under a second on a million conversations). Portable types only, as in V1.

-- The reports' facts per UTC day, folded by the leader's roll-up (ReportRollup) from the conversations that
-- changed since the watermark. A report reads whole, settled days from here and computes the rest live: the
-- range's partial first and last days, and every day with a conversation changed after the watermark.
--
-- One row per day, tier, channel and agent (the SLA report's groups; tier 'unclassified' and agent
-- 'unassigned' where the row has none). first_owed counts only first responses owed for good (answered, or
-- resolved after the due time): one still open and unanswered becomes owed when its due time passes, so a
-- report counts those live. The response and resolution times are kept whole, sorted, as text of base-36
-- deltas: the percentiles stay exact (ReportSample).
CREATE TABLE report_days (
  day                BIGINT       NOT NULL,
  tier               VARCHAR(200) NOT NULL,
  channel            VARCHAR(20)  NOT NULL,
  agent              VARCHAR(200) NOT NULL,
  conversations      BIGINT       NOT NULL,
  first_owed         BIGINT       NOT NULL,
  first_met          BIGINT       NOT NULL,
  next_owed          BIGINT       NOT NULL,
  next_late          BIGINT       NOT NULL,
  first_response_ms  TEXT         NOT NULL,
  resolution_ms      TEXT         NOT NULL,
  PRIMARY KEY (day, tier, channel, agent)
);

-- The volume and staffing reports' facts per UTC hour, tier and channel, folded with the days.
CREATE TABLE report_hours (
  hour           BIGINT       NOT NULL,
  tier           VARCHAR(200) NOT NULL,
  channel        VARCHAR(20)  NOT NULL,
  conversations  BIGINT       NOT NULL,
  resolved       BIGINT       NOT NULL,
  handled        BIGINT       NOT NULL,
  handled_ms     BIGINT       NOT NULL,
  PRIMARY KEY (hour, tier, channel)
);

-- Every conversation changed at or before the watermark (updated_at, epoch ms) is in the tables above.
CREATE TABLE report_watermark (
  id         INTEGER PRIMARY KEY,
  watermark  BIGINT NOT NULL
);
INSERT INTO report_watermark (id, watermark) VALUES (1, 0);

-- The days changed since the watermark: a range scan over the recent changes only.
CREATE INDEX conversations_by_update ON conversations (updated_at, created_at);

-- First responses that become owed with time: open, unanswered, with a due time. Few (the live queue).
CREATE INDEX conversations_first_due ON conversations (first_response_target, created_at)
  WHERE first_responded_at IS NULL AND resolved_at IS NULL AND first_response_target IS NOT NULL;
