package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements kept open per physical connection, so that the SQL of a write or read on the hot
 * path is parsed once per connection rather than once per use (on SQLite, {@code sqlite3_prepare} was a
 * large share of the writer thread's time per chat message; on PostgreSQL the driver also keeps the
 * server-side statement, and the JDBC objects are no longer made per use).
 *
 * <p>A statement from here is <em>not</em> closed by its caller: it belongs to the connection and is
 * closed with it, or when it falls out of the connection's {@value #PER_CONNECTION}-entry LRU. Each use
 * sets every parameter and closes its {@code ResultSet}, which on SQLite also resets the statement (so an
 * idle cached statement holds no read snapshot open). The physical connection is the key, not the pool's
 * proxy: a pool closes the statements made through a proxy when the proxy goes back to the pool.
 * A connection is used by one thread at a time (the pool hands it over), so its map needs no lock.
 *
 * <p>Only SQL whose texts are few belongs here: dynamic SQL with unbounded texts (IN lists of varying
 * size) would only fill the LRU. Optional filters from a fixed set (a conversation query's) are few.
 */
final class Statements {

  private static final Logger log = LoggerFactory.getLogger(Statements.class);
  static final int PER_CONNECTION = 64;

  private static final Map<Connection, Map<String, PreparedStatement>> BY_CONNECTION = new ConcurrentHashMap<>();

  private Statements() {}

  /** The open statement for {@code sql} on {@code c}'s physical connection, prepared on first use. */
  static PreparedStatement prepare(Connection c, String sql) throws SQLException {
    Connection physical = c.unwrap(Connection.class);
    Map<String, PreparedStatement> cache = BY_CONNECTION.get(physical);
    if (cache == null) {
      forgetClosedConnections();
      cache = new Lru();
      BY_CONNECTION.put(physical, cache);
    }
    PreparedStatement ps = cache.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = physical.prepareStatement(sql);
      cache.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    return ps;
  }

  /**
   * A kept statement with no batch left on it: a batch a failed transaction did not run must not run with
   * the next one (the group writer re-runs a failed group one write at a time, on the same statements).
   */
  static PreparedStatement batch(Connection c, String sql) throws SQLException {
    PreparedStatement ps = prepare(c, sql);
    ps.clearBatch();
    return ps;
  }

  /** Runs a batch of {@code size} statements (none when empty); the rows each changed. */
  static int[] runBatch(PreparedStatement ps, int size) throws SQLException {
    if (size == 0) {
      return new int[0];
    }
    int[] counts = ps.executeBatch();
    if (counts.length != size) {
      throw new SQLException("a batch of " + size + " statements ran " + counts.length);
    }
    return counts;
  }

  /** How many connections have statements kept (for tests). */
  static int connectionsKept() {
    return BY_CONNECTION.size();
  }

  /**
   * A pool retires connections now and then (their statements close with them); dropping their maps
   * whenever a new connection comes keeps this map as small as the pools.
   */
  private static void forgetClosedConnections() {
    BY_CONNECTION.keySet().removeIf(connection -> {
      try {
        return connection.isClosed();
      } catch (SQLException e) {
        return true;
      }
    });
  }

  private static final class Lru extends LinkedHashMap<String, PreparedStatement> {
    private static final long serialVersionUID = 1L;

    Lru() {
      super(32, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= PER_CONNECTION) {
        return false;
      }
      try {
        eldest.getValue().close();
      } catch (SQLException e) {
        log.debug("Closing an evicted statement failed", e);
      }
      return true;
    }
  }
}
