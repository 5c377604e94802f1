package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.model.IncidentMatch;
import dev.switchboard.core.model.IncidentUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** SQL for incidents and their updates ({@code incidents}, {@code incident_updates}, V11). */
final class IncidentRows {

  private static final String COLUMNS =
      "id, title, pattern, channels, match_since, status, status_text, created_by, created_at, resolved_at";
  private static final String UPDATE_COLUMNS =
      "id, incident_id, body, final, created_by, created_at, queued, stored_at";

  private IncidentRows() {}

  static void insert(Connection c, Incident i) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO incidents (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, i.id());
    ps.setString(2, i.title());
    ps.setString(3, i.match().text());
    ps.setString(4, Columns.json(i.match().channels().stream().map(Channel::key).sorted().toList()));
    Columns.setInstant(ps, 5, i.match().since());
    ps.setString(6, i.status().name());
    ps.setString(7, i.statusText());
    ps.setString(8, i.createdBy());
    Columns.setInstant(ps, 9, i.createdAt());
    Columns.setInstant(ps, 10, i.resolvedAt().orElse(null));
    ps.executeUpdate();
  }

  static Optional<Incident> byId(Connection c, String id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + " FROM incidents WHERE id = ?");
    ps.setString(1, id);
    List<Incident> found = all(ps);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The newest incidents first; only open ones when {@code openOnly}. */
  static List<Incident> list(Connection c, boolean openOnly, int limit) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + " FROM incidents WHERE status IN (?, ?) "
        + "ORDER BY id DESC LIMIT ?");
    ps.setString(1, Incident.Status.OPEN.name());
    ps.setString(2, openOnly ? Incident.Status.OPEN.name() : Incident.Status.RESOLVED.name());
    ps.setInt(3, limit);
    return all(ps);
  }

  /** Moves an open incident to resolved; false when it was resolved already. */
  static boolean resolve(Connection c, String id, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE incidents SET status = ?, resolved_at = ? "
        + "WHERE id = ? AND status = ?");
    ps.setString(1, Incident.Status.RESOLVED.name());
    Columns.setInstant(ps, 2, now);
    ps.setString(3, id);
    ps.setString(4, Incident.Status.OPEN.name());
    return ps.executeUpdate() == 1;
  }

  /** The text new links are answered with from now on. */
  static void statusText(Connection c, String id, String text) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE incidents SET status_text = ? WHERE id = ?");
    ps.setString(1, text);
    ps.setString(2, id);
    ps.executeUpdate();
  }

  static void insertUpdate(Connection c, IncidentUpdate u) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO incident_updates (" + UPDATE_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, u.id());
    ps.setString(2, u.incidentId());
    ps.setString(3, u.text());
    ps.setBoolean(4, u.last());
    ps.setString(5, u.createdBy());
    Columns.setInstant(ps, 6, u.createdAt());
    ps.setInt(7, u.queued());
    Columns.setInstant(ps, 8, u.storedAt().orElse(null));
    ps.executeUpdate();
  }

  /** Adds {@code queued} messages to the update's count; with {@code now}, marks it stored in full. */
  static void countQueued(Connection c, String updateId, int queued, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE incident_updates SET queued = queued + ?, "
        + "stored_at = COALESCE(?, stored_at) WHERE id = ?");
    ps.setInt(1, queued);
    Columns.setInstant(ps, 2, now);
    ps.setString(3, updateId);
    ps.executeUpdate();
  }

  static Optional<IncidentUpdate> update(Connection c, String id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + UPDATE_COLUMNS + " FROM incident_updates WHERE id = ?");
    ps.setString(1, id);
    List<IncidentUpdate> found = updates(ps);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** An incident's updates, oldest first. */
  static List<IncidentUpdate> updatesOf(Connection c, String incidentId) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + UPDATE_COLUMNS
        + " FROM incident_updates WHERE incident_id = ? ORDER BY id");
    ps.setString(1, incidentId);
    return updates(ps);
  }

  /** Updates whose messages are not all stored yet (a stop or a change of leader cut them off). */
  static List<IncidentUpdate> unfinished(Connection c) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + UPDATE_COLUMNS
        + " FROM incident_updates WHERE stored_at IS NULL ORDER BY id");
    return updates(ps);
  }

  private static List<IncidentUpdate> updates(PreparedStatement ps) throws SQLException {
    List<IncidentUpdate> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new IncidentUpdate(rs.getString("id"), rs.getString("incident_id"), rs.getString("body"),
            rs.getBoolean("final"), rs.getString("created_by"), Columns.instant(rs, "created_at"), rs.getInt("queued"),
            Optional.ofNullable(Columns.instant(rs, "stored_at"))));
      }
    }
    return out;
  }

  private static List<Incident> all(PreparedStatement ps) throws SQLException {
    List<Incident> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        IncidentMatch match = new IncidentMatch(rs.getString("pattern"),
            Columns.stringList(rs.getString("channels")).stream().map(Channel::ofKey).collect(Collectors.toSet()),
            Columns.instant(rs, "match_since"));
        out.add(new Incident(rs.getString("id"), rs.getString("title"), match,
            Incident.Status.valueOf(rs.getString("status")), rs.getString("status_text"), rs.getString("created_by"),
            Columns.instant(rs, "created_at"), Optional.ofNullable(Columns.instant(rs, "resolved_at"))));
      }
    }
    return out;
  }
}
