package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.model.Message;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SQL for e-mail proofs. A request writes, in one transaction, the proof (the token's SHA-256 only), a
 * resolved e-mail conversation of the address's contact with our mail in it, and the mail's outbox row.
 * A proof (the token, or a mail from the address answering ours: {@link #answered}) marks it used once
 * and links the address to the claimant: by merging the claimant into the contact that owns the address.
 */
final class ProofRows {

  /** How many hops of {@code merged_into} a claimant is followed (a chain longer than this is refused). */
  private static final int MAX_HOPS = 16;

  private ProofRows() {}

  static EmailProof.Request request(Connection c, ContactId claimant, Identity email, String tokenSha256,
      String subject, String text, Instant now, Duration validFor, Duration cooldown) throws SQLException {
    if (ContactRows.byId(c, claimant).isEmpty() || MergeRows.mergedInto(c, claimant).isPresent()) {
      return new EmailProof.NoClaimant();
    }
    if (ContactRows.idByIdentity(c, email).filter(claimant::equals).isPresent()) {
      return new EmailProof.AlreadyLinked();
    }
    PreparedStatement ps = Statements.prepare(c,
        "SELECT MAX(created_at) FROM email_proofs WHERE email = ? AND created_at > ?");
    ps.setString(1, email.value());
    Columns.setInstant(ps, 2, now.minus(cooldown));
    try (ResultSet rs = ps.executeQuery()) {
      long last = rs.next() ? rs.getLong(1) : 0;
      if (!rs.wasNull() && last > 0) {
        return new EmailProof.Throttled(Instant.ofEpochMilli(last).plus(cooldown));
      }
    }
    String id = Ids.next();
    ContactId owner = ContactRows.resolve(c, email, null, now);
    Conversation conv = ConversationRows.insert(c, owner, Channel.EMAIL, "<proof-" + id + "@switchboard>", subject,
        ConversationStatus.RESOLVED, email, now);
    Message mail = MessageRows.insert(c, NewMessage.ours(conv.id(), Channel.EMAIL, Direction.OUT,
        ConversationStore.SYSTEM_AUTHOR, "proof-" + id, text, DeliveryStatus.QUEUED)
        .withSubject(subject).automatedBySystem(), now);
    OutboxRows.enqueue(c, mail.id(), conv.id(), now);
    Instant expiresAt = now.plus(validFor);
    ps = Statements.prepare(c, "INSERT INTO email_proofs (id, token_sha256, claimant, email, conversation_id, "
        + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, id);
    ps.setString(2, tokenSha256);
    ps.setString(3, claimant.value());
    ps.setString(4, email.value());
    ps.setString(5, conv.id().value());
    Columns.setInstant(ps, 6, now);
    Columns.setInstant(ps, 7, expiresAt);
    ps.executeUpdate();
    return new EmailProof.Requested(id, conv.id(), expiresAt);
  }

  static EmailProof.Check prove(Connection c, String tokenSha256, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "SELECT id, claimant, email, expires_at, used_at "
        + "FROM email_proofs WHERE token_sha256 = ?");
    ps.setString(1, tokenSha256);
    String id;
    ContactId claimant;
    Identity email;
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new EmailProof.Unknown();
      }
      if (Columns.instant(rs, "used_at") != null) {
        return new EmailProof.Used();
      }
      if (!now.isBefore(Columns.instant(rs, "expires_at"))) {
        return new EmailProof.Expired();
      }
      id = rs.getString("id");
      claimant = new ContactId(rs.getString("claimant"));
      email = Identity.email(rs.getString("email"));
    }
    return use(c, id, claimant, email, now).<EmailProof.Check>map(p -> p).orElseGet(EmailProof.Used::new);
  }

  /**
   * The proof a mail from {@code sender} proves by answering ours: a pending, unexpired proof for that
   * address whose conversation holds one of our mails that {@code references} names (its Message-ID, 80
   * random bits, went to that mailbox only). Used as {@link #prove} uses a token; empty when none.
   */
  static Optional<EmailProof.Proved> answered(Connection c, Identity sender, ConversationId conversation,
      List<String> references, Instant now) throws SQLException {
    if (sender.kind() != IdentityKind.EMAIL || references.isEmpty()) {
      return Optional.empty();
    }
    PreparedStatement ps = Statements.prepare(c, "SELECT id, claimant FROM email_proofs WHERE email = ? "
        + "AND conversation_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY id");
    ps.setString(1, sender.value());
    ps.setString(2, conversation.value());
    Columns.setInstant(ps, 3, now);
    String id;
    ContactId claimant;
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      id = rs.getString("id");
      claimant = new ContactId(rs.getString("claimant"));
    }
    try (PreparedStatement ours = c.prepareStatement("SELECT 1 FROM messages WHERE conversation_id = ? "
        + "AND direction = ? AND channel = ? AND external_id IN (" + Columns.placeholders(references.size()) + ")")) {
      ours.setString(1, conversation.value());
      ours.setString(2, Direction.OUT.name());
      ours.setString(3, Channel.EMAIL.name());
      for (int i = 0; i < references.size(); i++) {
        ours.setString(i + 4, references.get(i));
      }
      try (ResultSet rs = ours.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
      }
    }
    return use(c, id, claimant, sender, now);
  }

  /** Marks the proof used (empty when it was, meanwhile) and links the address to the claimant's live contact. */
  private static Optional<EmailProof.Proved> use(Connection c, String id, ContactId claimant, Identity email,
      Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE email_proofs SET used_at = ? WHERE id = ? AND used_at IS NULL");
    Columns.setInstant(ps, 1, now);
    ps.setString(2, id);
    if (ps.executeUpdate() != 1) {
      return Optional.empty();
    }
    ContactId live = claimant;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      Optional<ContactId> onward = MergeRows.mergedInto(c, live);
      if (onward.isEmpty()) {
        break;
      }
      live = onward.get();
    }
    Optional<ContactId> owner = ContactRows.idByIdentity(c, email);
    if (owner.isEmpty()) {
      ContactRows.link(c, live, email, now);
      return Optional.of(new EmailProof.Proved(id, email.value(), live, Optional.empty()));
    }
    if (owner.get().equals(live)) {
      return Optional.of(new EmailProof.Proved(id, email.value(), live, Optional.empty()));
    }
    MergeOutcome merged = MergeRows.merge(c, owner.get(), live, "proof:" + id, now);
    if (merged instanceof MergeOutcome.Done done) {
      return Optional.of(new EmailProof.Proved(id, email.value(), owner.get(), Optional.of(done)));
    }
    throw new IllegalStateException("proof " + id + " could not merge: " + ((MergeOutcome.Refused) merged).message());
  }
}
