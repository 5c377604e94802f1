-- Issue #11: a visitor's chat message is deduplicated by "<clientId>:<visitorId>", no longer by
-- "<visitorId>:<clientId>". Portable (SQLite and PostgreSQL), as in V1.
--
-- messages_by_external_id (channel, external_id) took every chat message in the middle of its visitor's own
-- range, near the visitor's last key: a leaf there is full after the last rebalance, so SQLite rebalanced it
-- with its siblings again every few messages, and each commit wrote about three pages per visitor who had
-- written since the last (docs/architecture.md, "A chat message's key leads with the client's id"). The
-- widget's clientId begins with the time, so keys led by it arrive near the index's right edge instead.
-- The keys stored before, visitor first (the visitor id is 64 hex digits, then a colon), are turned around
-- here, so that a widget's resend of a message stored before the upgrade is still found as a duplicate.
UPDATE messages
   SET external_id = substr(external_id, 66) || ':' || substr(external_id, 1, 64)
 WHERE channel = 'CHAT'
   AND direction = 'IN'
   AND length(external_id) > 65
   AND substr(external_id, 65, 1) = ':';
