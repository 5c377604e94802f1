package dev.switchboard.bench.incident;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The outbound messages one incident message (its status text or one update) stored, by channel and
 * delivery state, read from the gateway's SQLite file over a read-only connection while it runs.
 */
final class OutboundTally implements AutoCloseable {

  /** The channels an incident bench links. */
  enum Channel { SMS, CHAT }

  /** Counts of one reading: per channel, stored and stored as sent (sent or delivered). */
  record Counts(Map<Channel, Long> stored, Map<Channel, Long> sent) {
    long stored(Channel c) {
      return stored.getOrDefault(c, 0L);
    }

    long sent(Channel c) {
      return sent.getOrDefault(c, 0L);
    }

    long storedTotal() {
      return stored.values().stream().mapToLong(Long::longValue).sum();
    }

    long sentTotal() {
      return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "sms %d/%d sent, chat %d/%d sent", sent(Channel.SMS), stored(Channel.SMS),
          sent(Channel.CHAT), stored(Channel.CHAT));
    }
  }

  private final Connection connection;
  private final PreparedStatement query;

  OutboundTally(Path sqlite) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    connection = config.createConnection("jdbc:sqlite:" + sqlite);
    query = connection.prepareStatement("SELECT channel, delivery, count(*) FROM messages"
        + " WHERE direction = 'OUT' AND client_id = ? GROUP BY channel, delivery");
  }

  /** The client id the gateway gives an incident's status text. */
  static String statusClientId(String incidentId) {
    return "incident:" + incidentId + ":status";
  }

  /** The client id the gateway gives an update's messages. */
  static String updateClientId(String incidentId, String updateId) {
    return "incident:" + incidentId + ":" + updateId;
  }

  /** The messages stored under {@code clientId} now. */
  Counts read(String clientId) throws SQLException {
    Map<Channel, Long> stored = new EnumMap<>(Channel.class);
    Map<Channel, Long> sent = new EnumMap<>(Channel.class);
    query.setString(1, clientId);
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        Channel channel = Channel.valueOf(rs.getString(1));
        String delivery = rs.getString(2);
        long n = rs.getLong(3);
        stored.merge(channel, n, Long::sum);
        if (delivery.equals("SENT") || delivery.equals("DELIVERED")) {
          sent.merge(channel, n, Long::sum);
        }
      }
    }
    return new Counts(stored, sent);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
