package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.MessageId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** SQL for satisfaction surveys ({@code csat_surveys}). */
final class CsatRows {

  private static final String COLUMNS = "s.id, s.conversation_id, s.resolved_at, s.channel, s.tier, s.agent, "
      + "s.status, s.message_id, s.asked_at, s.expires_at, s.score, s.comment, s.answered_at";
  private static final String FROM = " FROM csat_surveys s";

  private CsatRows() {}

  static List<CsatSurveys.Resolution> unasked(Connection c, Instant from, Instant until, Set<Channel> channels,
      int limit) throws SQLException {
    if (channels.isEmpty()) {
      return List.of();
    }
    String in = channels.stream().map(ch -> "?").collect(Collectors.joining(", "));
    PreparedStatement ps = Statements.prepare(c, "SELECT id, channel, resolved_at FROM conversations v "
        + "WHERE resolved_at >= ? AND resolved_at <= ? AND status = ? AND channel IN (" + in + ") "
        + "AND NOT EXISTS (SELECT 1 FROM csat_surveys s WHERE s.conversation_id = v.id "
        + "AND s.resolved_at = v.resolved_at) ORDER BY resolved_at, id LIMIT ?");
    int i = 1;
    Columns.setInstant(ps, i++, from);
    Columns.setInstant(ps, i++, until);
    ps.setString(i++, ConversationStatus.RESOLVED.name());
    for (Channel ch : channels) {
      ps.setString(i++, ch.name());
    }
    ps.setInt(i, limit);
    List<CsatSurveys.Resolution> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new CsatSurveys.Resolution(new ConversationId(rs.getString("id")),
            Channel.valueOf(rs.getString("channel")), Columns.instant(rs, "resolved_at")));
      }
    }
    return out;
  }

  /** When the conversation was last resolved, while it is resolved; empty while it is open. */
  static Optional<Instant> resolvedAt(Connection c, ConversationId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT resolved_at FROM conversations WHERE id = ? AND status = ?");
    ps.setString(1, id.value());
    ps.setString(2, ConversationStatus.RESOLVED.name());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.ofNullable(Columns.instant(rs, "resolved_at")) : Optional.empty();
    }
  }

  /** Whether the customer of an SMS thread ({@code <our number>|<theirs>}) opted out of our number. */
  static boolean smsOptedOut(Connection c, String threadKey) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT 1 FROM opt_outs WHERE channel = ? AND opted_out = ? "
        + "AND our_address || '|' || customer_address = ?");
    ps.setString(1, Channel.SMS.name());
    ps.setBoolean(2, true);
    ps.setString(3, threadKey);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  static Optional<CsatSurvey> byResolution(Connection c, ConversationId id, Instant resolvedAt) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + FROM
        + " WHERE s.conversation_id = ? AND s.resolved_at = ?");
    ps.setString(1, id.value());
    Columns.setInstant(ps, 2, resolvedAt);
    return first(ps);
  }

  static void insert(Connection c, CsatSurvey s) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO csat_surveys (id, conversation_id, resolved_at, "
        + "channel, tier, agent, status, message_id, asked_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, s.id());
    ps.setString(2, s.conversationId().value());
    Columns.setInstant(ps, 3, s.resolvedAt());
    ps.setString(4, s.channel().name());
    Columns.setString(ps, 5, s.tier().orElse(null));
    Columns.setString(ps, 6, s.agent().orElse(null));
    ps.setString(7, s.status().name());
    Columns.setString(ps, 8, s.messageId().map(MessageId::value).orElse(null));
    Columns.setInstant(ps, 9, s.askedAt());
    Columns.setInstant(ps, 10, s.expiresAt());
    ps.executeUpdate();
  }

  static void setMessage(Connection c, String id, MessageId message) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE csat_surveys SET message_id = ? WHERE id = ?");
    ps.setString(1, message.value());
    ps.setString(2, id);
    ps.executeUpdate();
  }

  /** Takes the answer if the survey is asked and open at {@code now}; false when it was not. */
  static boolean answer(Connection c, String id, int score, String comment, String ref, Instant now)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE csat_surveys SET status = ?, score = ?, comment = ?, "
        + "answered_at = ?, answer_ref = ? WHERE id = ? AND status = ? AND expires_at > ?");
    ps.setString(1, CsatSurvey.Status.ANSWERED.name());
    ps.setInt(2, score);
    Columns.setString(ps, 3, comment);
    Columns.setInstant(ps, 4, now);
    ps.setString(5, ref);
    ps.setString(6, id);
    ps.setString(7, CsatSurvey.Status.ASKED.name());
    Columns.setInstant(ps, 8, now);
    return ps.executeUpdate() == 1;
  }

  /** Adds a comment to an answered survey without one, before it expires; false when it did not. */
  static boolean comment(Connection c, String id, String comment, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE csat_surveys SET comment = ? "
        + "WHERE id = ? AND status = ? AND comment IS NULL AND expires_at > ?");
    ps.setString(1, comment);
    ps.setString(2, id);
    ps.setString(3, CsatSurvey.Status.ANSWERED.name());
    Columns.setInstant(ps, 4, now);
    return ps.executeUpdate() == 1;
  }

  static Optional<CsatSurvey> byId(Connection c, String id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + FROM + " WHERE s.id = ?");
    ps.setString(1, id);
    return first(ps);
  }

  static Optional<String> answerRef(Connection c, String id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT answer_ref FROM csat_surveys WHERE id = ?");
    ps.setString(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    }
  }

  static Optional<CsatSurvey> byMessage(Connection c, MessageId message) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + FROM + " WHERE s.message_id = ?");
    ps.setString(1, message.value());
    return first(ps);
  }

  static List<CsatSurvey> ofConversation(Connection c, ConversationId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + FROM
        + " WHERE s.conversation_id = ? ORDER BY s.resolved_at, s.id");
    ps.setString(1, id.value());
    return all(ps);
  }

  /** The newest survey of a conversation that is not skipped. */
  static Optional<CsatSurvey> latestOf(Connection c, ConversationId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + FROM
        + " WHERE s.conversation_id = ? AND s.status <> ? ORDER BY s.asked_at DESC, s.id DESC LIMIT 1");
    ps.setString(1, id.value());
    ps.setString(2, CsatSurvey.Status.SKIPPED.name());
    return first(ps);
  }

  /** The newest survey on a thread of a channel that is not skipped. */
  static Optional<CsatSurvey> latestOnThread(Connection c, Channel channel, String threadKey) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + FROM
        + " JOIN conversations v ON v.id = s.conversation_id WHERE v.channel = ? AND v.thread_key = ? "
        + "AND s.status <> ? ORDER BY s.asked_at DESC, s.id DESC LIMIT 1");
    ps.setString(1, channel.name());
    ps.setString(2, threadKey);
    ps.setString(3, CsatSurvey.Status.SKIPPED.name());
    return first(ps);
  }

  private static Optional<CsatSurvey> first(PreparedStatement ps) throws SQLException {
    List<CsatSurvey> found = all(ps);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static List<CsatSurvey> all(PreparedStatement ps) throws SQLException {
    List<CsatSurvey> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        CsatSurvey.Status status = CsatSurvey.Status.valueOf(rs.getString("status"));
        Optional<CsatSurvey.Answer> answer = status != CsatSurvey.Status.ANSWERED ? Optional.empty()
            : Optional.of(new CsatSurvey.Answer(rs.getInt("score"), Optional.ofNullable(rs.getString("comment")),
                Columns.instant(rs, "answered_at")));
        out.add(new CsatSurvey(rs.getString("id"), new ConversationId(rs.getString("conversation_id")),
            Columns.instant(rs, "resolved_at"), Channel.valueOf(rs.getString("channel")),
            Optional.ofNullable(rs.getString("tier")), Optional.ofNullable(rs.getString("agent")), status,
            Optional.ofNullable(rs.getString("message_id")).map(MessageId::new), Columns.instant(rs, "asked_at"),
            Columns.instant(rs, "expires_at"), answer));
      }
    }
    return out;
  }
}
