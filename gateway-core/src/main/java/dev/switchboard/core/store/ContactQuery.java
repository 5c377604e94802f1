package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ContactId;

/**
 * A contact search: {@code text} found in the name or in any e-mail address, phone number or visitor id
 * (case-insensitive, anywhere in it; empty lists every contact), the page after {@code after} (null for
 * the first), at most {@code limit} contacts. Contacts merged into another are never listed.
 */
public record ContactQuery(String text, ContactId after, int limit) {

  /** The longest text a search takes. */
  public static final int MAX_TEXT = 200;
  public static final int MAX_LIMIT = 100;

  public ContactQuery {
    requireNonNull(text, "text");
    text = text.strip();
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("text: " + text.length() + " characters (expected: <= " + MAX_TEXT + ")");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
    }
  }
}
