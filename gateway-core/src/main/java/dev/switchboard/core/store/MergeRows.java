package dev.switchboard.core.store;

import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.store.MergeOutcome.Refusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL for merging contacts and undoing a merge, each in the caller's one transaction. A merge moves
 * every identity and conversation of {@code from} to {@code into}, copies the attributes {@code into}
 * lacks, marks {@code from} as merged into {@code into} and records each thing it moved. An unmerge
 * moves exactly the recorded things back (identities and conversations still on {@code into}; copied
 * attributes still holding the copied value); what {@code into} gained after the merge stays.
 */
final class MergeRows {

  private enum Item { IDENTITY, CONVERSATION, ATTRIBUTE }

  private MergeRows() {}

  static MergeOutcome merge(Connection c, ContactId into, ContactId from, String by, Instant now) throws SQLException {
    if (into.equals(from)) {
      return new MergeOutcome.Refused(Refusal.SAME_CONTACT, "a contact cannot be merged into itself");
    }
    Optional<MergeOutcome> refused = refuseUnlessLive(c, into, "into");
    if (refused.isEmpty()) {
      refused = refuseUnlessLive(c, from, "from");
    }
    if (refused.isPresent()) {
      return refused.get();
    }
    List<Identity> identities = ContactRows.byId(c, from).orElseThrow().identities();
    List<ConversationId> conversations = conversationIds(c, from);
    Map<String, String> mine = ContactRows.byId(c, into).orElseThrow().attributes();
    Map<String, String> copied = new LinkedHashMap<>(ContactRows.byId(c, from).orElseThrow().attributes());
    copied.keySet().removeAll(mine.keySet());

    update(c, "UPDATE identities SET contact_id = ? WHERE contact_id = ?", into.value(), from.value());
    moveConversations(c, conversations, into);
    if (!copied.isEmpty()) {
      ContactRows.updateAttributes(c, into, copied, now);
    }
    setMergedInto(c, from, into, now);
    ContactMerge merge = new ContactMerge(Ids.next(), into, from, by, now, identities, conversations, copied,
        null, null);
    insert(c, merge);
    return new MergeOutcome.Done(merge, conversations(c, conversations), List.of());
  }

  static MergeOutcome unmerge(Connection c, ContactId into, String mergeId, String by, Instant now)
      throws SQLException {
    Optional<ContactMerge> found = byId(c, mergeId).filter(m -> m.into().equals(into));
    if (found.isEmpty()) {
      return new MergeOutcome.Refused(Refusal.UNKNOWN_MERGE, "contact " + into + " has no merge " + mergeId);
    }
    ContactMerge merge = found.get();
    if (merge.undoneAt() != null) {
      return new MergeOutcome.Refused(Refusal.ALREADY_UNDONE, "merge " + mergeId + " was undone at "
          + merge.undoneAt() + " by " + merge.undoneBy());
    }
    Optional<ContactId> onward = mergedInto(c, into);
    if (onward.isPresent()) {
      return new MergeOutcome.Refused(Refusal.ALREADY_MERGED, "contact " + into + " was merged into " + onward.get()
          + " since; undo that merge first");
    }
    for (Identity id : merge.identities()) {
      update(c, "UPDATE identities SET contact_id = ? WHERE kind = ? AND address = ? AND contact_id = ?",
          merge.from().value(), id.kind().name(), id.value(), into.value());
    }
    List<ConversationId> back = new ArrayList<>();
    for (ConversationId id : merge.conversations()) {
      Optional<Conversation> conv = ConversationRows.byId(c, id).filter(cv -> cv.contactId().equals(into));
      if (conv.isPresent()) {
        back.add(id);
      }
    }
    moveConversations(c, back, merge.from());
    for (Map.Entry<String, String> a : merge.attributes().entrySet()) {
      update(c, "DELETE FROM contact_attributes WHERE contact_id = ? AND name = ? AND attr_value = ?",
          into.value(), a.getKey(), a.getValue());
    }
    PreparedStatement ps = Statements.prepare(c,
        "UPDATE contacts SET merged_into = NULL, updated_at = ? WHERE id = ?");
    Columns.setInstant(ps, 1, now);
    ps.setString(2, merge.from().value());
    ps.executeUpdate();
    ps = Statements.prepare(c, "UPDATE contact_merges SET undone_by = ?, undone_at = ? WHERE id = ?");
    ps.setString(1, by);
    Columns.setInstant(ps, 2, now);
    ps.setString(3, mergeId);
    ps.executeUpdate();
    List<ConversationId> kept = new ArrayList<>();
    ps = Statements.prepare(c, "SELECT id FROM conversations WHERE contact_id = ? AND created_at > ? ORDER BY id");
    ps.setString(1, into.value());
    Columns.setInstant(ps, 2, merge.mergedAt());
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        kept.add(new ConversationId(rs.getString(1)));
      }
    }
    return new MergeOutcome.Done(merge.undone(by, now), conversations(c, back), kept);
  }

  /** Where a contact was merged to, or empty for a live (or unknown) contact. */
  static Optional<ContactId> mergedInto(Connection c, ContactId id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT merged_into FROM contacts WHERE id = ?");
    ps.setString(1, id.value());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getString(1) != null ? Optional.of(new ContactId(rs.getString(1))) : Optional.empty();
    }
  }

  /** The merges into {@code into}, newest first, at most {@code limit}. */
  static List<ContactMerge> into(Connection c, ContactId into, int limit) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "SELECT id FROM contact_merges WHERE into_contact = ? ORDER BY id DESC LIMIT ?");
    ps.setString(1, into.value());
    ps.setInt(2, limit);
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    List<ContactMerge> out = new ArrayList<>();
    for (String id : ids) {
      out.add(byId(c, id).orElseThrow());
    }
    return out;
  }

  static Optional<ContactMerge> byId(Connection c, String id) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT into_contact, from_contact, merged_by, merged_at, "
        + "undone_by, undone_at FROM contact_merges WHERE id = ?");
    ps.setString(1, id);
    ContactId into;
    ContactId from;
    String by;
    Instant at;
    String undoneBy;
    Instant undoneAt;
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      into = new ContactId(rs.getString("into_contact"));
      from = new ContactId(rs.getString("from_contact"));
      by = rs.getString("merged_by");
      at = Columns.instant(rs, "merged_at");
      undoneBy = rs.getString("undone_by");
      undoneAt = Columns.instant(rs, "undone_at");
    }
    List<Identity> identities = new ArrayList<>();
    List<ConversationId> conversations = new ArrayList<>();
    Map<String, String> attributes = new LinkedHashMap<>();
    ps = Statements.prepare(c, "SELECT item_kind, item_key, item_value FROM contact_merge_items "
        + "WHERE merge_id = ? ORDER BY position");
    ps.setString(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String key = rs.getString("item_key");
        String value = rs.getString("item_value");
        switch (Item.valueOf(rs.getString("item_kind"))) {
          case IDENTITY -> identities.add(new Identity(IdentityKind.valueOf(key), value));
          case CONVERSATION -> conversations.add(new ConversationId(key));
          case ATTRIBUTE -> attributes.put(key, value);
        }
      }
    }
    return Optional.of(new ContactMerge(id, into, from, by, at, identities, conversations, attributes,
        undoneBy, undoneAt));
  }

  private static Optional<MergeOutcome> refuseUnlessLive(Connection c, ContactId id, String role)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT merged_into FROM contacts WHERE id = ?");
    ps.setString(1, id.value());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.of(new MergeOutcome.Refused(Refusal.UNKNOWN_CONTACT, "no contact " + id + " (`" + role + "`)"));
      }
      String onward = rs.getString(1);
      return onward == null ? Optional.empty() : Optional.of(new MergeOutcome.Refused(Refusal.ALREADY_MERGED,
          "contact " + id + " (`" + role + "`) was merged into " + onward));
    }
  }

  private static void insert(Connection c, ContactMerge m) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "INSERT INTO contact_merges (id, into_contact, from_contact, "
        + "merged_by, merged_at) VALUES (?, ?, ?, ?, ?)");
    ps.setString(1, m.id());
    ps.setString(2, m.into().value());
    ps.setString(3, m.from().value());
    ps.setString(4, m.mergedBy());
    Columns.setInstant(ps, 5, m.mergedAt());
    ps.executeUpdate();
    ps = Statements.prepare(c, "INSERT INTO contact_merge_items (merge_id, position, item_kind, item_key, "
        + "item_value) VALUES (?, ?, ?, ?, ?)");
    int position = 0;
    for (Identity id : m.identities()) {
      item(ps, m.id(), position++, Item.IDENTITY, id.kind().name(), id.value());
    }
    for (ConversationId id : m.conversations()) {
      item(ps, m.id(), position++, Item.CONVERSATION, id.value(), null);
    }
    for (Map.Entry<String, String> a : m.attributes().entrySet()) {
      item(ps, m.id(), position++, Item.ATTRIBUTE, a.getKey(), a.getValue());
    }
  }

  private static void item(PreparedStatement ps, String mergeId, int position, Item kind, String key, String value)
      throws SQLException {
    ps.setString(1, mergeId);
    ps.setInt(2, position);
    ps.setString(3, kind.name());
    ps.setString(4, key);
    Columns.setString(ps, 5, value);
    ps.executeUpdate();
  }

  private static void setMergedInto(Connection c, ContactId from, ContactId into, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE contacts SET merged_into = ?, updated_at = ? WHERE id = ?");
    ps.setString(1, into.value());
    Columns.setInstant(ps, 2, now);
    ps.setString(3, from.value());
    ps.executeUpdate();
  }

  private static void moveConversations(Connection c, List<ConversationId> ids, ContactId to)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "UPDATE conversations SET contact_id = ? WHERE id = ?");
    // updated_at stays: it is when the conversation itself last changed (stickiness reads it), not the contact.
    for (ConversationId id : ids) {
      ps.setString(1, to.value());
      ps.setString(2, id.value());
      ps.executeUpdate();
    }
  }

  private static List<ConversationId> conversationIds(Connection c, ContactId contact) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT id FROM conversations WHERE contact_id = ? ORDER BY id");
    ps.setString(1, contact.value());
    List<ConversationId> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new ConversationId(rs.getString(1)));
      }
    }
    return out;
  }

  private static List<Conversation> conversations(Connection c, List<ConversationId> ids) throws SQLException {
    List<Conversation> out = new ArrayList<>();
    for (ConversationId id : ids) {
      out.add(ConversationRows.require(c, id));
    }
    return out;
  }

  private static void update(Connection c, String sql, String... args) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, sql);
    for (int i = 0; i < args.length; i++) {
      ps.setString(i + 1, args[i]);
    }
    ps.executeUpdate();
  }
}
