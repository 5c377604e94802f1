package dev.switchboard.core.cluster;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The lease row and the node rows, in SQL. Every comparison of times is made by the database against its
 * own {@code now()}: a node's clock is never read here, so a node whose clock is minutes off neither steals
 * a live lease nor keeps one past its expiry. Each call is one autocommitted statement (or two reads),
 * except a takeover, which moves the lease row and the term row in one transaction.
 */
final class LeaseTable {

  private static final String ACQUIRE = """
      UPDATE cluster_lease SET term = term + 1, holder = ?, holder_instance = ?, acquired_at = now(),
        expires_at = now() + ? * INTERVAL '1 millisecond'
      WHERE id = 1 AND (holder IS NULL OR expires_at <= now() OR holder_instance = ?)
      RETURNING term""";
  // Same transaction as ACQUIRE: waits for the old term's fenced writes in flight (they hold the row FOR SHARE).
  private static final String FENCE = "UPDATE cluster_term SET term = ? WHERE id = 1";
  private static final String RENEW = """
      UPDATE cluster_lease SET expires_at = now() + ? * INTERVAL '1 millisecond'
      WHERE id = 1 AND term = ? AND holder_instance = ? AND expires_at > now()""";
  private static final String RELEASE = """
      UPDATE cluster_lease SET holder = NULL, holder_instance = NULL, expires_at = now()
      WHERE id = 1 AND term = ? AND holder_instance = ?""";
  private static final String REGISTER = """
      INSERT INTO cluster_nodes (node_id, instance_id, advertise_url, started_at, last_seen)
      VALUES (?, ?, ?, now(), now())
      ON CONFLICT (node_id) DO UPDATE SET instance_id = EXCLUDED.instance_id,
        advertise_url = EXCLUDED.advertise_url, started_at = now(), last_seen = now()
      WHERE cluster_nodes.last_seen <= now() - ? * INTERVAL '1 millisecond'""";
  private static final String HEARTBEAT =
      "UPDATE cluster_nodes SET last_seen = now() WHERE node_id = ? AND instance_id = ?";
  private static final String LEAVE = "DELETE FROM cluster_nodes WHERE node_id = ? AND instance_id = ?";
  private static final String NODE = """
      SELECT advertise_url, last_seen, CAST(EXTRACT(EPOCH FROM (now() - last_seen)) * 1000 AS BIGINT)
      FROM cluster_nodes WHERE node_id = ?""";
  private static final String LEASE = """
      SELECT term, holder, expires_at > now(), CAST(EXTRACT(EPOCH FROM (expires_at - now())) * 1000 AS BIGINT)
      FROM cluster_lease WHERE id = 1""";
  private static final String NODES = """
      SELECT node_id, advertise_url, last_seen, last_seen > now() - ? * INTERVAL '1 millisecond'
      FROM cluster_nodes ORDER BY node_id""";

  private final DataSource source;
  private final long timeoutMillis;
  private final int queryTimeoutSeconds;

  LeaseTable(DataSource source, Duration leaseTimeout) {
    this.source = requireNonNull(source, "source");
    this.timeoutMillis = leaseTimeout.toMillis();
    // A statement that hangs must not hold the lease thread past the renewals: cut it at half the lease.
    this.queryTimeoutSeconds = (int) Math.max(1, leaseTimeout.toSeconds() / 2);
  }

  /**
   * Takes the lease when no one holds it, it expired, or this very process holds it; the new term (one more
   * than the last), or empty when another holds it. In one transaction with the lease row it moves the term
   * row ({@code cluster_term}), which waits until the old term's fenced writes in flight have ended: once
   * this returns, none of them can commit.
   */
  OptionalLong tryAcquire(NodeIdentity node) throws SQLException {
    try (Connection c = source.getConnection()) {
      c.setAutoCommit(false);
      try {
        long term;
        try (PreparedStatement s = prepare(c, ACQUIRE)) {
          s.setString(1, node.nodeId());
          s.setString(2, node.instanceId());
          s.setLong(3, timeoutMillis);
          s.setString(4, node.instanceId()); // its own lease, kept by a renewal that raced a step-down: a new term
          try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
              c.rollback();
              return OptionalLong.empty();
            }
            term = rs.getLong(1);
          }
        }
        try (PreparedStatement s = prepare(c, FENCE)) {
          s.setLong(1, term);
          s.executeUpdate();
        }
        c.commit();
        return OptionalLong.of(term);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * Extends the lease of {@code term} by the timeout from the database's now; false when it expired or moved
   * on. Touches the lease row only, which no fenced write locks: it never waits for the store's commits.
   */
  boolean renew(NodeIdentity node, long term) throws SQLException {
    try (Connection c = source.getConnection(); PreparedStatement s = prepare(c, RENEW)) {
      s.setLong(1, timeoutMillis);
      s.setLong(2, term);
      s.setString(3, node.instanceId());
      return s.executeUpdate() == 1;
    }
  }

  /** Gives the lease up at once (a graceful stop), so another node need not wait for it to expire. */
  boolean release(NodeIdentity node, long term) throws SQLException {
    try (Connection c = source.getConnection(); PreparedStatement s = prepare(c, RELEASE)) {
      s.setLong(1, term);
      s.setString(2, node.instanceId());
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Claims the node's name for this process: when no row has it, or the row's heartbeat is older than the
   * lease timeout (an earlier process of this name that died). Otherwise returns the row that holds it.
   */
  Optional<NodeRow> register(NodeIdentity node) throws SQLException {
    try (Connection c = source.getConnection()) {
      try (PreparedStatement s = prepare(c, REGISTER)) {
        s.setString(1, node.nodeId());
        s.setString(2, node.instanceId());
        s.setString(3, node.advertiseUrl().toString());
        s.setLong(4, timeoutMillis);
        if (s.executeUpdate() == 1) {
          return Optional.empty();
        }
      }
      try (PreparedStatement s = prepare(c, NODE)) {
        s.setString(1, node.nodeId());
        try (ResultSet rs = s.executeQuery()) {
          // Gone between the two statements: let the caller try again.
          return rs.next()
              ? Optional.of(new NodeRow(node.nodeId(), URI.create(rs.getString(1)), rs.getTimestamp(2).toInstant(),
                  rs.getLong(3)))
              : Optional.of(new NodeRow(node.nodeId(), node.advertiseUrl(), java.time.Instant.EPOCH, Long.MAX_VALUE));
        }
      }
    }
  }

  /** Marks the node seen now; false when another process took its name over (this one was taken for dead). */
  boolean heartbeat(NodeIdentity node) throws SQLException {
    try (Connection c = source.getConnection(); PreparedStatement s = prepare(c, HEARTBEAT)) {
      s.setString(1, node.nodeId());
      s.setString(2, node.instanceId());
      return s.executeUpdate() == 1;
    }
  }

  /** Removes the node's row (a graceful stop): a process of the same name may start at once. */
  void leave(NodeIdentity node) throws SQLException {
    try (Connection c = source.getConnection(); PreparedStatement s = prepare(c, LEAVE)) {
      s.setString(1, node.nodeId());
      s.setString(2, node.instanceId());
      s.executeUpdate();
    }
  }

  /** The node that holds a live lease and its address, if one does. */
  Optional<LeaderAddress> leader() throws SQLException {
    try (Connection c = source.getConnection();
        PreparedStatement s = prepare(c, """
            SELECT l.holder, n.advertise_url FROM cluster_lease l JOIN cluster_nodes n ON n.node_id = l.holder
            WHERE l.id = 1 AND l.expires_at > now()""");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(new LeaderAddress(rs.getString(1), URI.create(rs.getString(2))))
          : Optional.empty();
    }
  }

  /** The lease and the nodes, as the database sees them now. */
  ClusterView view() throws SQLException {
    try (Connection c = source.getConnection()) {
      long term;
      String leader;
      try (PreparedStatement s = prepare(c, LEASE); ResultSet rs = s.executeQuery()) {
        rs.next();
        term = rs.getLong(1);
        boolean live = rs.getBoolean(3);
        leader = live ? rs.getString(2) : null;
      }
      List<ClusterView.Node> nodes = new ArrayList<>();
      try (PreparedStatement s = prepare(c, NODES)) {
        s.setLong(1, timeoutMillis);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            nodes.add(new ClusterView.Node(id, URI.create(rs.getString(2)), id.equals(leader),
                rs.getTimestamp(3).toInstant(), rs.getBoolean(4)));
          }
        }
      }
      return new ClusterView(Optional.ofNullable(leader), term, nodes);
    }
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    s.setQueryTimeout(queryTimeoutSeconds);
    return s;
  }

  /** A node's row as another process found it. */
  record NodeRow(String nodeId, URI advertiseUrl, java.time.Instant lastSeen, long millisSinceSeen) {}
}
