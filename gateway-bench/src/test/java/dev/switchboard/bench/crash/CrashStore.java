package dev.switchboard.bench.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's store, read straight: its SQLite file (also while the gateway runs: WAL lets a reader
 * in), or a cluster's PostgreSQL schema.
 */
public final class CrashStore {

  /** A stored message as the checks need it. */
  public record Row(String id, String externalId, String clientId, String body, String delivery,
      String conversationId, String author) {}

  private final String jdbcUrl;

  public CrashStore(Path file) {
    this("jdbc:sqlite:" + file);
  }

  /** A store by JDBC URL, e.g. PostgreSQL with {@code currentSchema}. */
  public CrashStore(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Messages of {@code channel} ({@code EMAIL}, {@code SMS}, {@code CHAT}) in {@code direction}
   * ({@code IN}, {@code OUT}), oldest first.
   */
  public List<Row> messages(String channel, String direction) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = open();
        PreparedStatement ps = c.prepareStatement("SELECT id, external_id, client_id, body, delivery, conversation_id, author FROM messages "
            + "WHERE channel = ? AND direction = ? ORDER BY id")) {
      ps.setString(1, channel);
      ps.setString(2, direction);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getString(7)));
        }
      }
    }
    return rows;
  }

  /** Entries still waiting in the outbox. */
  public long outbox() throws SQLException {
    try (Connection c = open();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Whether an IMAP reader has stored its position in the mailbox (its {@code imap.} channel state). */
  public boolean imapPositionStored() throws SQLException {
    try (Connection c = open();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM channel_state WHERE channel = 'EMAIL' AND state_key LIKE 'imap.%'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection(jdbcUrl);
  }
}
