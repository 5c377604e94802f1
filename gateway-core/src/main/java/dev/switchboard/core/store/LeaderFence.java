package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The check that makes a leader-only write carry its lease term: in the write's own transaction, the term
 * row ({@code cluster_term}) is read {@code FOR SHARE}, and the write is refused unless its term is still
 * the current one. The share lock is what makes the check hold until commit: a node taking the lease
 * updates that row in its takeover transaction, so it waits for this transaction to end, and a write
 * either commits before the new term exists or is refused. The lease row itself is only read (no lock):
 * the leader's renewal updates it and must never wait behind a slow group commit of its own writes.
 */
record LeaderFence(long term) {

  /** No check: a single node, always the leader. */
  static final LeaderFence NONE = new LeaderFence(-1);

  // The lease's term is compared too, unlocked: it moves with the term row in one transaction.
  private static final String SQL = """
      SELECT t.term, l.term FROM cluster_term t CROSS JOIN cluster_lease l WHERE t.id = 1 AND l.id = 1
      FOR SHARE OF t""";

  void check(Connection c, String operation) throws SQLException {
    if (this == NONE) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(SQL); ResultSet rs = s.executeQuery()) {
      long fence = rs.next() ? rs.getLong(1) : -1;
      long lease = fence == -1 ? -1 : rs.getLong(2);
      if (fence != term || lease != term) {
        throw new StaleTermException(operation, term, fence != term ? fence : lease);
      }
    }
  }
}
