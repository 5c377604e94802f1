package dev.switchboard.core.store;

import dev.switchboard.core.model.Ids;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for {@code agent_presence}: stretches of time an agent could be offered work. */
final class PresenceRows {

  /** One stretch; {@code until} is {@code null} while it lasts. */
  record Stretch(String agent, long from, Long until) {}

  private PresenceRows() {}

  static void record(Connection c, String agent, boolean available, Instant at) throws SQLException {
    if (available) {
      PreparedStatement ps = Statements.prepare(c, "INSERT INTO agent_presence (id, agent, from_at, until_at) "
          + "SELECT ?, ?, ?, NULL WHERE NOT EXISTS "
          + "(SELECT 1 FROM agent_presence WHERE agent = ? AND until_at IS NULL)");
      ps.setString(1, Ids.next());
      ps.setString(2, agent);
      ps.setLong(3, at.toEpochMilli());
      ps.setString(4, agent);
      ps.executeUpdate();
    } else {
      PreparedStatement ps = Statements.prepare(c,
          "UPDATE agent_presence SET until_at = ? WHERE agent = ? AND until_at IS NULL");
      ps.setLong(1, at.toEpochMilli());
      ps.setString(2, agent);
      ps.executeUpdate();
    }
  }

  static int endAll(Connection c, Instant at) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE agent_presence SET until_at = ? WHERE until_at IS NULL");
    ps.setLong(1, at.toEpochMilli());
    return ps.executeUpdate();
  }

  /** The stretches that overlap [{@code from}, {@code to}). */
  static List<Stretch> overlapping(Connection c, long from, long to) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT agent, from_at, until_at FROM agent_presence "
        + "WHERE from_at < ? AND (until_at IS NULL OR until_at > ?)");
    ps.setLong(1, to);
    ps.setLong(2, from);
    List<Stretch> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long until = rs.getLong("until_at");
        Long open = rs.wasNull() ? null : until; // wasNull speaks of the last column read: ask before the next
        out.add(new Stretch(rs.getString("agent"), rs.getLong("from_at"), open));
      }
    }
    return out;
  }
}
