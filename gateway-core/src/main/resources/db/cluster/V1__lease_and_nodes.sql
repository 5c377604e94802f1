-- Cluster mode (issue #12), PostgreSQL only: run by ClusterSchema with its own history table
-- (cluster_schema_history), after the store's migrations, so its versions never collide with theirs.
-- Times here are the database's own (now()), never a node's: expiry is judged by one clock.

-- The leader's lease: one row. term increases by one at every acquisition and is the fencing token that
-- leader-only writes carry (LeaderFence).
CREATE TABLE cluster_lease (
  id               SMALLINT     PRIMARY KEY CHECK (id = 1),
  term             BIGINT       NOT NULL,
  holder           VARCHAR(100),
  holder_instance  VARCHAR(40),
  acquired_at      TIMESTAMPTZ,
  expires_at       TIMESTAMPTZ
);
INSERT INTO cluster_lease (id, term) VALUES (1, 0);

-- One row per node name, owned by the running process (instance_id, random per start) that heartbeats it.
CREATE TABLE cluster_nodes (
  node_id        VARCHAR(100) PRIMARY KEY,
  instance_id    VARCHAR(40)  NOT NULL,
  advertise_url  TEXT         NOT NULL,
  started_at     TIMESTAMPTZ  NOT NULL,
  last_seen      TIMESTAMPTZ  NOT NULL
);
