package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/** SQL for one conversation: found by id, ref or thread, inserted, reopened, touched, saved. Lists are {@link ConversationLists}. */
final class ConversationRows {

  private static final List<String> NAMES = List.of("id", "ref", "contact_id", "channel", "thread_key", "subject",
      "status", "tier", "skills", "assignee", "last_agent", "queued_at", "first_response_due", "next_response_due",
      "first_responded_at", "created_at", "updated_at");
  /** What {@link #read} reads, in its order. */
  static final String COLUMNS = String.join(", ", NAMES) + ", " + TagRows.AGGREGATE;
  /** {@link #COLUMNS} qualified with the table's name, for a join with a table of the same column names. */
  static final String QUALIFIED_COLUMNS = NAMES.stream().map(n -> "conversations." + n)
      .collect(Collectors.joining(", ")) + ", " + TagRows.AGGREGATE;
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConversationRows() {}

  static Optional<Conversation> byId(Connection c, ConversationId id) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM conversations WHERE id = ?", id.value());
  }

  static Conversation require(Connection c, ConversationId id) throws SQLException {
    return byId(c, id).orElseThrow(() -> new NoSuchElementException("no conversation " + id));
  }

  static Optional<Conversation> byRef(Connection c, String ref) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM conversations WHERE ref = ?", ref);
  }

  /** The newest open conversation of (channel, contact, thread key). */
  static Optional<Conversation> openByThread(Connection c, Channel channel, ContactId contact, String threadKey)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT " + COLUMNS + " FROM conversations "
        + "WHERE channel = ? AND contact_id = ? AND thread_key = ? AND status <> ? ORDER BY id DESC LIMIT 1");
    ps.setString(1, channel.name());
    ps.setString(2, contact.value());
    ps.setString(3, threadKey);
    ps.setString(4, ConversationStatus.RESOLVED.name());
    return first(ps);
  }

  /**
   * Inserts a new conversation with a fresh unique ref; {@code address} is the customer's address it is with
   * (an identity of {@code contact}, of the channel's kind), or null when none is known.
   */
  static Conversation insert(Connection c, ContactId contact, Channel channel, String threadKey, String subject,
      ConversationStatus status, Identity address, Instant now) throws SQLException {
    ConversationId id = ConversationId.random();
    Instant at = Columns.asStored(now);
    Instant queuedAt = status == ConversationStatus.QUEUED ? at : null;
    // 32^6 refs: collisions are rare but possible, so try again with another on conflict.
    for (int attempt = 0; attempt < 20; attempt++) {
      String ref = newRef();
      PreparedStatement ps = Statements.prepare(c, "INSERT INTO conversations (id, ref, contact_id, channel, "
          + "thread_key, subject, status, skills, queued_at, created_at, updated_at, customer_address) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
      ps.setString(1, id.value());
      ps.setString(2, ref);
      ps.setString(3, contact.value());
      ps.setString(4, channel.name());
      ps.setString(5, threadKey);
      Columns.setString(ps, 6, subject);
      ps.setString(7, status.name());
      ps.setString(8, "[]");
      Columns.setInstant(ps, 9, queuedAt);
      Columns.setInstant(ps, 10, now);
      Columns.setInstant(ps, 11, now);
      Columns.setString(ps, 12, address == null ? null : address.value());
      if (ps.executeUpdate() == 1) {
        return Conversation.builder(id, ref, contact, channel, threadKey, at).subject(subject).status(status)
            .queuedAt(queuedAt).build();
      }
    }
    throw new IllegalStateException("could not find a free conversation ref in 20 tries");
  }

  /** The customer's address the conversation is with, when it was recorded (see {@link #insert}). */
  static Optional<Identity> customerAddress(Connection c, ConversationId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT channel, customer_address FROM conversations WHERE id = ?");
    ps.setString(1, id.value());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next() || rs.getString(2) == null) {
        return Optional.empty();
      }
      return Optional.of(new Identity(IdentityKind.of(Channel.valueOf(rs.getString(1))), rs.getString(2)));
    }
  }

  /** Puts a resolved conversation back in the queue: no assignee, no deadlines until the router sets them. */
  static Conversation reopen(Connection c, Conversation conv, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE conversations SET status = ?, assignee = NULL, "
        + "queued_at = ?, first_response_due = NULL, next_response_due = NULL, resolved_at = NULL, "
        + "updated_at = ? WHERE id = ?");
    ps.setString(1, ConversationStatus.QUEUED.name());
    Columns.setInstant(ps, 2, now);
    Columns.setInstant(ps, 3, now);
    ps.setString(4, conv.id().value());
    ps.executeUpdate();
    return require(c, conv.id());
  }

  /** {@code conv} as its row reads after {@link #touch} at {@code now}: only {@code updated_at} moved. */
  static Conversation touched(Conversation conv, Instant now) {
    return conv.withUpdatedAt(Columns.asStored(now));
  }

  static void touch(Connection c, ConversationId id, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE conversations SET updated_at = ? WHERE id = ?");
    Columns.setInstant(ps, 1, now);
    ps.setString(2, id.value());
    ps.executeUpdate();
  }

  /**
   * Marks an agent's reply: the first response, once; after it, a reply while a next response is due is
   * that next response, counted (and counted late past its due time) for the reports, and no longer due.
   * (The router clears its own copy of the due time when it sees the message; clearing it here too keeps a
   * second reply before that from counting twice.)
   */
  static void markResponded(Connection c, ConversationId id, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE conversations SET "
        + "next_responses = next_responses + CASE WHEN first_responded_at IS NOT NULL "
        + "AND next_response_due IS NOT NULL THEN 1 ELSE 0 END, "
        + "next_responses_late = next_responses_late + CASE WHEN first_responded_at IS NOT NULL "
        + "AND next_response_due < ? THEN 1 ELSE 0 END, "
        + "next_response_due = CASE WHEN first_responded_at IS NOT NULL THEN NULL ELSE next_response_due END, "
        + "first_responded_at = COALESCE(first_responded_at, ?), updated_at = ? WHERE id = ?");
    Columns.setInstant(ps, 1, now);
    Columns.setInstant(ps, 2, now);
    Columns.setInstant(ps, 3, now);
    ps.setString(4, id.value());
    ps.executeUpdate();
  }

  /**
   * Writes the router's fields. {@code first_responded_at} is only ever set, never cleared, so a router
   * saving a copy read before the first reply cannot erase it. The facts the reports read are kept in the
   * same statement, from the row as it was and the router's new values: the first-response due time
   * (followed until the first response, then kept, since the router clears it on resolving), when the
   * assignment began and the time spent assigned, when it was resolved, and a next response left
   * unanswered past its due time by resolving.
   */
  static Conversation save(Connection c, Conversation conv, Instant now) throws SQLException {
    String status = conv.status().name();
    PreparedStatement ps = Statements.prepare(c, "UPDATE conversations SET "
        + "first_response_target = CASE WHEN first_responded_at IS NULL THEN COALESCE(?, first_response_target) "
        + "ELSE first_response_target END, "
        + "handled_ms = handled_ms + CASE WHEN ? <> 'ASSIGNED' AND assigned_at IS NOT NULL THEN ? - assigned_at "
        + "ELSE 0 END, "
        + "assigned_at = CASE WHEN ? = 'ASSIGNED' THEN COALESCE(assigned_at, ?) ELSE NULL END, "
        + "resolved_at = CASE WHEN ? <> 'RESOLVED' THEN NULL WHEN status = 'RESOLVED' THEN resolved_at ELSE ? END, "
        + "next_responses = next_responses + CASE WHEN ? = 'RESOLVED' AND status <> 'RESOLVED' "
        + "AND next_response_due < ? THEN 1 ELSE 0 END, "
        + "next_responses_late = next_responses_late + CASE WHEN ? = 'RESOLVED' AND status <> 'RESOLVED' "
        + "AND next_response_due < ? THEN 1 ELSE 0 END, "
        + "subject = ?, status = ?, tier = ?, "
        + "skills = ?, assignee = ?, last_agent = ?, queued_at = ?, first_response_due = ?, next_response_due = ?, "
        + "first_responded_at = COALESCE(first_responded_at, ?), updated_at = ? WHERE id = ?");
    int i = 1;
    Columns.setInstant(ps, i++, conv.firstResponseDue());
    ps.setString(i++, status);
    Columns.setInstant(ps, i++, now);
    ps.setString(i++, status);
    Columns.setInstant(ps, i++, now);
    ps.setString(i++, status);
    Columns.setInstant(ps, i++, now);
    for (int twice = 0; twice < 2; twice++) {
      ps.setString(i++, status);
      Columns.setInstant(ps, i++, now);
    }
    Columns.setString(ps, i++, conv.subject());
    ps.setString(i++, status);
    Columns.setString(ps, i++, conv.tier());
    ps.setString(i++, Columns.json(conv.skills()));
    Columns.setString(ps, i++, conv.assignee());
    Columns.setString(ps, i++, conv.lastAgent());
    Columns.setInstant(ps, i++, conv.queuedAt());
    Columns.setInstant(ps, i++, conv.firstResponseDue());
    Columns.setInstant(ps, i++, conv.nextResponseDue());
    Columns.setInstant(ps, i++, conv.firstRespondedAt());
    Columns.setInstant(ps, i++, now);
    ps.setString(i, conv.id().value());
    if (ps.executeUpdate() != 1) {
      throw new NoSuchElementException("no conversation " + conv.id());
    }
    return require(c, conv.id());
  }

  private static String newRef() {
    char[] ref = new char[6];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = CROCKFORD[RANDOM.nextInt(CROCKFORD.length)];
    }
    return new String(ref);
  }

  private static Optional<Conversation> one(Connection c, String sql, String arg) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, sql);
    ps.setString(1, arg);
    return first(ps);
  }

  private static Optional<Conversation> first(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  static List<Conversation> all(PreparedStatement ps) throws SQLException {
    List<Conversation> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  static Conversation read(ResultSet rs) throws SQLException {
    return read(rs, 0);
  }

  /**
   * The conversation in the {@link #COLUMNS} that follow column {@code before} of {@code rs}. Read by
   * position: by name, the SQLite driver builds a map of the result's column names (one native call per
   * column) for every result set.
   */
  static Conversation read(ResultSet rs, int before) throws SQLException {
    int i = before;
    return new Conversation(
        new ConversationId(rs.getString(++i)),
        rs.getString(++i),
        new ContactId(rs.getString(++i)),
        Channel.valueOf(rs.getString(++i)),
        rs.getString(++i),
        rs.getString(++i),
        ConversationStatus.valueOf(rs.getString(++i)),
        rs.getString(++i),
        Columns.stringList(rs.getString(++i)),
        rs.getString(++i),
        rs.getString(++i),
        Columns.instant(rs, ++i),
        Columns.instant(rs, ++i),
        Columns.instant(rs, ++i),
        Columns.instant(rs, ++i),
        Columns.instant(rs, ++i),
        Columns.instant(rs, ++i),
        TagRows.split(rs.getString(++i)));
  }
}
