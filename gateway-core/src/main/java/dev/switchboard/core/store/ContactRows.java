package dev.switchboard.core.store;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** SQL for contacts, their identities and attributes. */
final class ContactRows {

  private ContactRows() {}

  static Optional<Contact> byId(Connection c, ContactId id) throws SQLException {
    String name;
    Instant createdAt;
    PreparedStatement ps = Statements.prepare(c, "SELECT name, created_at FROM contacts WHERE id = ?");
    ps.setString(1, id.value());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      name = rs.getString(1); // by position: see ConversationRows#read
      createdAt = Columns.instant(rs, 2);
    }
    List<Identity> identities = new ArrayList<>();
    ps = Statements.prepare(c,
        "SELECT kind, address FROM identities WHERE contact_id = ? ORDER BY created_at, kind, address");
    ps.setString(1, id.value());
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        identities.add(new Identity(IdentityKind.valueOf(rs.getString(1)), rs.getString(2)));
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    ps = Statements.prepare(c,
        "SELECT name, attr_value FROM contact_attributes WHERE contact_id = ? ORDER BY name");
    ps.setString(1, id.value());
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        attributes.put(rs.getString(1), rs.getString(2));
      }
    }
    return Optional.of(new Contact(id, name, identities, attributes, createdAt));
  }

  static Contact require(Connection c, ContactId id) throws SQLException {
    return byId(c, id).orElseThrow(() -> new NoSuchElementException("no contact " + id));
  }

  static Optional<ContactId> idByIdentity(Connection c, Identity identity) throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "SELECT contact_id FROM identities WHERE kind = ? AND address = ?");
    ps.setString(1, identity.kind().name());
    ps.setString(2, identity.value());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new ContactId(rs.getString(1))) : Optional.empty();
    }
  }

  /** The contact owning {@code identity}, created with {@code name} when there is none. */
  static ContactId resolve(Connection c, Identity identity, String name, Instant now) throws SQLException {
    Optional<ContactId> existing = idByIdentity(c, identity);
    if (existing.isPresent()) {
      return existing.get();
    }
    Optional<ContactId> created = insertNew(c, identity, name, now);
    return created.isPresent() ? created.get() : idByIdentity(c, identity).orElseThrow();
  }

  /**
   * A new contact named {@code name} owning {@code identity}, which no contact owned when the caller
   * looked; empty when another node's writer took the address between that look and this insert
   * (PostgreSQL clusters only).
   */
  static Optional<ContactId> insertNew(Connection c, Identity identity, String name, Instant now)
      throws SQLException {
    ContactId id = ContactId.random();
    PreparedStatement ps = Statements.prepare(c,
        "INSERT INTO contacts (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)");
    ps.setString(1, id.value());
    Columns.setString(ps, 2, name == null || name.isBlank() ? null : name.strip());
    Columns.setInstant(ps, 3, now);
    Columns.setInstant(ps, 4, now);
    ps.executeUpdate();
    if (insertIdentity(c, id, identity, now)) {
      return Optional.of(id);
    }
    ps = Statements.prepare(c, "DELETE FROM contacts WHERE id = ?");
    ps.setString(1, id.value());
    ps.executeUpdate();
    return Optional.empty();
  }

  /** Adds {@code identity} to a contact; fails when another contact already owns it. */
  static Contact link(Connection c, ContactId id, Identity identity, Instant now) throws SQLException {
    require(c, id);
    Optional<ContactId> owner = idByIdentity(c, identity);
    if (owner.isPresent() && !owner.get().equals(id)) {
      throw new IllegalStateException(identity.kind() + " " + identity.value() + " belongs to contact " + owner.get());
    }
    if (owner.isEmpty() && !insertIdentity(c, id, identity, now)) {
      throw new IllegalStateException(identity.kind() + " " + identity.value() + " was just taken by another contact");
    }
    touch(c, id, now);
    return require(c, id);
  }

  private static boolean insertIdentity(Connection c, ContactId id, Identity identity, Instant now)
      throws SQLException {
    PreparedStatement ps = Statements.prepare(c,
        "INSERT INTO identities (kind, address, contact_id, created_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (kind, address) DO NOTHING");
    ps.setString(1, identity.kind().name());
    ps.setString(2, identity.value());
    ps.setString(3, id.value());
    Columns.setInstant(ps, 4, now);
    return ps.executeUpdate() == 1;
  }

  static Contact updateAttributes(Connection c, ContactId id, Map<String, String> attributes, Instant now)
      throws SQLException {
    require(c, id);
    PreparedStatement upsert = Statements.prepare(c,
        "INSERT INTO contact_attributes (contact_id, name, attr_value) VALUES (?, ?, ?) "
            + "ON CONFLICT (contact_id, name) DO UPDATE SET attr_value = excluded.attr_value");
    PreparedStatement delete = Statements.prepare(c,
        "DELETE FROM contact_attributes WHERE contact_id = ? AND name = ?");
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException("attribute name: blank (expected: a name like plan)");
      }
      if (e.getValue() == null) {
        delete.setString(1, id.value());
        delete.setString(2, e.getKey());
        delete.executeUpdate();
      } else {
        upsert.setString(1, id.value());
        upsert.setString(2, e.getKey());
        upsert.setString(3, e.getValue());
        upsert.executeUpdate();
      }
    }
    touch(c, id, now);
    return require(c, id);
  }

  private static void touch(Connection c, ContactId id, Instant now) throws SQLException {
    PreparedStatement ps = Statements.prepare(c, "UPDATE contacts SET updated_at = ? WHERE id = ?");
    Columns.setInstant(ps, 1, now);
    ps.setString(2, id.value());
    ps.executeUpdate();
  }
}
