-- The fencing token apart from the lease (issue #12: the lease flapped under load). Leader-only writes
-- lock this row FOR SHARE until they commit; only a takeover updates it (in the same transaction as the
-- lease row), so a takeover waits for the old term's writes in flight, while the leader's renewal, an
-- UPDATE of cluster_lease alone, never waits for them.
CREATE TABLE cluster_term (
  id    SMALLINT PRIMARY KEY CHECK (id = 1),
  term  BIGINT   NOT NULL
);
INSERT INTO cluster_term (id, term) SELECT id, term FROM cluster_lease WHERE id = 1;
