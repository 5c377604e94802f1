package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The check that makes a leader-only write carry its lease term: in the write's own transaction, the lease
 * row is read {@code FOR SHARE}, and the write is refused unless its term is still the lease's. The share
 * lock is what makes the check hold until commit: a node taking the lease (an {@code UPDATE} of that row)
 * waits for this transaction to end, so a write either commits before the new term exists or is refused.
 */
record LeaderFence(long term) {

  /** No check: a single node, always the leader. */
  static final LeaderFence NONE = new LeaderFence(-1);

  private static final String SQL = "SELECT term FROM cluster_lease WHERE id = 1 FOR SHARE";

  void check(Connection c, String operation) throws SQLException {
    if (this == NONE) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(SQL); ResultSet rs = s.executeQuery()) {
      long current = rs.next() ? rs.getLong(1) : -1;
      if (current != term) {
        throw new StaleTermException(operation, term, current);
      }
    }
  }
}
