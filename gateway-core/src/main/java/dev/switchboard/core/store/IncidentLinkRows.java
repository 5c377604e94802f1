package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Incident;
import dev.switchboard.core.model.IncidentMatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** SQL for the conversations linked to incidents ({@code incident_links}, V11) and what they were sent. */
final class IncidentLinkRows {

  private IncidentLinkRows() {}

  /**
   * The open conversations on the match's channels, held by no open incident, in which the customer wrote
   * text the match finds since its {@code since} (or whose subject it finds): how many, and the first
   * {@code limit} of them.
   */
  static Incidents.Found openMatching(Connection c, IncidentMatch match, int limit) throws SQLException {
    Pattern pattern = match.pattern();
    PreparedStatement ps = Statements.prepare(c, "SELECT cv.id, cv.channel, cv.subject, m.body FROM conversations cv "
        + "JOIN messages m ON m.conversation_id = cv.id WHERE cv.status IN (?, ?) AND m.direction = ? "
        + "AND m.automated = ? AND m.created_at >= ? AND NOT EXISTS (SELECT 1 FROM incident_links l "
        + "JOIN incidents i ON i.id = l.incident_id WHERE l.conversation_id = cv.id AND l.released_at IS NULL "
        + "AND i.status = 'OPEN') ORDER BY cv.id");
    ps.setString(1, ConversationStatus.QUEUED.name());
    ps.setString(2, ConversationStatus.ASSIGNED.name());
    ps.setString(3, Direction.IN.name());
    ps.setBoolean(4, false);
    Columns.setInstant(ps, 5, match.since());
    int count = 0;
    List<ConversationId> ids = new ArrayList<>();
    String last = null;
    boolean lastMatched = false;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        if (id.equals(last) && lastMatched) {
          continue;
        }
        if (!id.equals(last)) {
          last = id;
          lastMatched = false;
        }
        if (!match.channels().contains(Channel.valueOf(rs.getString(2)))) {
          continue;
        }
        String subject = rs.getString(3);
        if (pattern.matcher(rs.getString(4)).find() || subject != null && pattern.matcher(subject).find()) {
          lastMatched = true;
          count++;
          if (ids.size() < limit) {
            ids.add(new ConversationId(id));
          }
        }
      }
    }
    return new Incidents.Found(count, ids);
  }

  /** Ends a link; false when it had ended already. */
  static boolean release(Connection c, String incidentId, ConversationId id, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE incident_links SET released_at = ? "
        + "WHERE incident_id = ? AND conversation_id = ? AND released_at IS NULL");
    Columns.setInstant(ps, 1, now);
    ps.setString(2, incidentId);
    ps.setString(3, id.value());
    return ps.executeUpdate() == 1;
  }

  /** The conversations the incident links now (not released), oldest link first. */
  static List<ConversationId> linked(Connection c, String incidentId) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT conversation_id FROM incident_links "
        + "WHERE incident_id = ? AND released_at IS NULL ORDER BY conversation_id");
    ps.setString(1, incidentId);
    List<ConversationId> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new ConversationId(rs.getString(1)));
      }
    }
    return out;
  }

  /** Every conversation an open incident holds, with the incident. */
  static Map<ConversationId, String> heldByOpen(Connection c) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT l.conversation_id, l.incident_id FROM incident_links l "
        + "JOIN incidents i ON i.id = l.incident_id WHERE l.released_at IS NULL AND i.status = ?");
    ps.setString(1, Incident.Status.OPEN.name());
    Map<ConversationId, String> out = new HashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(new ConversationId(rs.getString(1)), rs.getString(2));
      }
    }
    return out;
  }

  /** Linked conversations by channel: all ever linked, and those linked now. */
  static Map<Channel, int[]> linkCounts(Connection c, String incidentId) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT cv.channel, COUNT(*), "
        + "SUM(CASE WHEN l.released_at IS NULL THEN 1 ELSE 0 END) FROM incident_links l "
        + "JOIN conversations cv ON cv.id = l.conversation_id WHERE l.incident_id = ? GROUP BY cv.channel");
    ps.setString(1, incidentId);
    Map<Channel, int[]> out = new EnumMap<>(Channel.class);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(Channel.valueOf(rs.getString(1)), new int[] {rs.getInt(2), rs.getInt(3)});
      }
    }
    return out;
  }

  /** The incident's messages (status answers, updates, final) by channel and delivery state. */
  static Map<Channel, Map<DeliveryStatus, Integer>> deliveryCounts(Connection c, String incidentId)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT m.channel, m.delivery, COUNT(*) FROM incident_links l "
        + "JOIN messages m ON m.conversation_id = l.conversation_id AND m.author = ? "
        // IS NOT NULL: the client id index holds only rows that have one (V15), and SQLite does not infer it from LIKE.
        + "AND m.client_id IS NOT NULL AND m.client_id LIKE ? "
        + "WHERE l.incident_id = ? GROUP BY m.channel, m.delivery");
    ps.setString(1, ConversationStore.SYSTEM_AUTHOR);
    ps.setString(2, "incident:" + incidentId + ":%");
    ps.setString(3, incidentId);
    Map<Channel, Map<DeliveryStatus, Integer>> out = new EnumMap<>(Channel.class);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.computeIfAbsent(Channel.valueOf(rs.getString(1)), k -> new EnumMap<>(DeliveryStatus.class))
            .put(DeliveryStatus.valueOf(rs.getString(2)), rs.getInt(3));
      }
    }
    return out;
  }
}
