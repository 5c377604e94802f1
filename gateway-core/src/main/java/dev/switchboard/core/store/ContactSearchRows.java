package dev.switchboard.core.store;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQL for finding contacts by name, e-mail address, phone number or visitor id: a case-insensitive
 * substring match, paged by id (keyset, so a page costs the same wherever it is), merged contacts left out.
 */
final class ContactSearchRows {

  private ContactSearchRows() {}

  static ContactPage search(Connection c, ContactQuery q) throws SQLException {
    String pattern = "%" + escape(q.text().toLowerCase(Locale.ROOT)) + "%";
    PreparedStatement ps = Statements.prepare(c, "SELECT id FROM contacts c WHERE c.merged_into IS NULL "
        + "AND c.id > ? AND (LOWER(c.name) LIKE ? ESCAPE '!' OR EXISTS (SELECT 1 FROM identities i "
        + "WHERE i.contact_id = c.id AND LOWER(i.address) LIKE ? ESCAPE '!')) ORDER BY c.id LIMIT ?");
    ps.setString(1, q.after() == null ? "" : q.after().value());
    ps.setString(2, pattern);
    ps.setString(3, pattern);
    ps.setInt(4, q.limit() + 1);
    List<ContactId> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(new ContactId(rs.getString(1)));
      }
    }
    ContactId next = null;
    if (ids.size() > q.limit()) {
      ids = ids.subList(0, q.limit());
      next = ids.get(ids.size() - 1);
    }
    List<Contact> contacts = new ArrayList<>();
    for (ContactId id : ids) {
      contacts.add(ContactRows.require(c, id));
    }
    return new ContactPage(contacts, next);
  }

  /** {@code text} with LIKE's wildcards taken literally ({@code !} is the escape character). */
  static String escape(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
