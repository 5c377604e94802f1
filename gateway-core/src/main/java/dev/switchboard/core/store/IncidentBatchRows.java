package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Incident;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL for a chunk of an incident's conversations at once (at most {@link Incidents#CHUNK}): each read is one
 * query over an IN list, each write one JDBC batch. Linking or sending to conversation after conversation
 * took about a dozen statements each (1.3 ms a conversation on a busy machine, 26 s for 20,000); a chunk
 * now takes a dozen statements in all. The IN lists vary in length, so their statements are prepared per
 * use, not kept by {@link Statements}; the batched writes are the same text every time and are kept.
 */
final class IncidentBatchRows {

  private IncidentBatchRows() {}

  /** The conversations of {@code ids} that exist, by id. */
  static Map<ConversationId, Conversation> conversations(Connection c, List<ConversationId> ids) throws SQLException {
    Map<ConversationId, Conversation> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT " + ConversationRows.QUALIFIED_COLUMNS
        + " FROM conversations WHERE id IN (" + Columns.placeholders(ids.size()) + ")")) {
      setIds(ps, 1, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Conversation conv = ConversationRows.read(rs);
          out.put(conv.id(), conv);
        }
      }
    }
    return out;
  }

  /** Those of {@code ids} an open incident holds (an unreleased link of an open incident). */
  static Set<ConversationId> held(Connection c, List<ConversationId> ids) throws SQLException {
    return idSet(c, "SELECT l.conversation_id FROM incident_links l JOIN incidents i ON i.id = l.incident_id "
        + "WHERE l.released_at IS NULL AND i.status = ? AND l.conversation_id IN (", ids,
        List.of(Incident.Status.OPEN.name()));
  }

  /** When each of {@code ids} that the incident links now was linked. */
  static Map<ConversationId, Instant> linkedAt(Connection c, String incidentId, List<ConversationId> ids)
      throws SQLException {
    Map<ConversationId, Instant> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT conversation_id, linked_at FROM incident_links "
        + "WHERE incident_id = ? AND released_at IS NULL AND conversation_id IN ("
        + Columns.placeholders(ids.size()) + ")")) {
      ps.setString(1, incidentId);
      setIds(ps, 2, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(new ConversationId(rs.getString(1)), Columns.instant(rs, 2));
        }
      }
    }
    return out;
  }

  /** Those of {@code ids} that are SMS conversations whose customer texted STOP to the number they use. */
  static Set<ConversationId> smsOptedOut(Connection c, List<ConversationId> ids) throws SQLException {
    return idSet(c, "SELECT cv.id FROM conversations cv JOIN opt_outs o ON o.channel = cv.channel "
        + "AND cv.thread_key = o.our_address || '|' || o.customer_address "
        + "WHERE cv.channel = ? AND o.opted_out = ? AND cv.id IN (", ids, List.of(Channel.SMS.name(), true));
  }

  /** Those of {@code ids} that hold a message of {@code author} with {@code clientId} (stored by an earlier run). */
  static Set<ConversationId> withMessage(Connection c, List<ConversationId> ids, String author, String clientId)
      throws SQLException {
    return idSet(c, "SELECT conversation_id FROM messages WHERE author = ? AND client_id = ? AND conversation_id IN (",
        ids, List.of(author, clientId));
  }

  /** When the customer last wrote in each of {@code ids} (an automatic reply does not count); none when never. */
  static Map<ConversationId, Instant> customerLastWrote(Connection c, List<ConversationId> ids) throws SQLException {
    Map<ConversationId, Instant> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT conversation_id, MAX(created_at) FROM messages "
        + "WHERE direction = ? AND automated = ? AND conversation_id IN (" + Columns.placeholders(ids.size())
        + ") GROUP BY conversation_id")) {
      ps.setString(1, Direction.IN.name());
      ps.setBoolean(2, false);
      setIds(ps, 3, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(new ConversationId(rs.getString(1)), Columns.instant(rs, 2));
        }
      }
    }
    return out;
  }

  /** Links each of {@code ids} to the incident (again, when a link of theirs had ended). */
  static void insertLinks(Connection c, String incidentId, List<ConversationId> ids, Instant now) throws SQLException {
    PreparedStatement ps = Statements.batch(c, "INSERT INTO incident_links (incident_id, conversation_id, linked_at) "
        + "VALUES (?, ?, ?) ON CONFLICT (incident_id, conversation_id) DO UPDATE SET released_at = NULL, "
        + "linked_at = excluded.linked_at");
    for (ConversationId id : ids) {
      ps.setString(1, incidentId);
      ps.setString(2, id.value());
      Columns.setInstant(ps, 3, now);
      ps.addBatch();
    }
    Statements.runBatch(ps, ids.size());
  }

  /** Adds {@code tag} to each of {@code ids} (the caller checked the limit per conversation) and touches them. */
  static void addTag(Connection c, List<ConversationId> ids, String tag, String by, Instant now) throws SQLException {
    PreparedStatement add = Statements.batch(c, TagRows.INSERT);
    for (ConversationId id : ids) {
      add.setString(1, id.value());
      add.setString(2, tag);
      add.setString(3, by);
      Columns.setInstant(add, 4, now);
      add.addBatch();
    }
    Statements.runBatch(add, ids.size());
    PreparedStatement touch = Statements.batch(c, "UPDATE conversations SET updated_at = ? WHERE id = ?");
    for (ConversationId id : ids) {
      Columns.setInstant(touch, 1, now);
      touch.setString(2, id.value());
      touch.addBatch();
    }
    Statements.runBatch(touch, ids.size());
  }

  /** Ends the links of {@code ids} to the incident (those not ended already). */
  static void release(Connection c, String incidentId, List<ConversationId> ids, Instant now) throws SQLException {
    PreparedStatement ps = Statements.batch(c, "UPDATE incident_links SET released_at = ? "
        + "WHERE incident_id = ? AND conversation_id = ? AND released_at IS NULL");
    for (ConversationId id : ids) {
      Columns.setInstant(ps, 1, now);
      ps.setString(2, incidentId);
      ps.setString(3, id.value());
      ps.addBatch();
    }
    Statements.runBatch(ps, ids.size());
  }

  /** Resolves those of {@code ids} that wait (not held by an agent); returns the ones resolved now. */
  static Set<ConversationId> resolveWaiting(Connection c, List<ConversationId> ids, Instant now) throws SQLException {
    PreparedStatement ps = Statements.batch(c, "UPDATE conversations SET status = ?, resolved_at = ?, updated_at = ?, "
        + "first_response_due = NULL, next_response_due = NULL WHERE id = ? AND status = ?");
    for (ConversationId id : ids) {
      ps.setString(1, ConversationStatus.RESOLVED.name());
      Columns.setInstant(ps, 2, now);
      Columns.setInstant(ps, 3, now);
      ps.setString(4, id.value());
      ps.setString(5, ConversationStatus.QUEUED.name());
      ps.addBatch();
    }
    int[] counts = Statements.runBatch(ps, ids.size());
    Set<ConversationId> out = new HashSet<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        out.add(ids.get(i));
      }
    }
    return out;
  }

  private static Set<ConversationId> idSet(Connection c, String sqlUpToIn, List<ConversationId> ids, List<Object> args)
      throws SQLException {
    Set<ConversationId> out = new HashSet<>();
    if (ids.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps = c.prepareStatement(sqlUpToIn + Columns.placeholders(ids.size()) + ")")) {
      int i = 1;
      for (Object arg : args) {
        if (arg instanceof Boolean b) {
          ps.setBoolean(i++, b);
        } else {
          ps.setString(i++, (String) arg);
        }
      }
      setIds(ps, i, ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ConversationId(rs.getString(1)));
        }
      }
    }
    return out;
  }

  private static void setIds(PreparedStatement ps, int first, List<ConversationId> ids) throws SQLException {
    for (int i = 0; i < ids.size(); i++) {
      ps.setString(first + i, ids.get(i).value());
    }
  }
}
