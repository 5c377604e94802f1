package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One way to reach a contact: an e-mail address (lower-cased), an E.164 phone number, or a chat
 * visitor id. Unique per (kind, value) across all contacts.
 */
public record Identity(IdentityKind kind, String value) {

  public Identity {
    requireNonNull(kind, "kind");
    requireNonNull(value, "value");
    value = value.strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("value: empty (expected: an address)");
    }
    switch (kind) {
      case EMAIL -> {
        value = value.toLowerCase(Locale.ROOT);
        if (value.indexOf('@') <= 0) {
          throw new IllegalArgumentException("value: " + value + " (expected: an e-mail address)");
        }
      }
      case PHONE -> {
        if (!value.matches("\\+[1-9]\\d{1,14}")) {
          throw new IllegalArgumentException("value: " + value + " (expected: an E.164 number like +15550001111)");
        }
      }
      case CHAT_VISITOR -> { }
    }
  }

  public static Identity email(String address) {
    return new Identity(IdentityKind.EMAIL, address);
  }

  public static Identity phone(String e164) {
    return new Identity(IdentityKind.PHONE, e164);
  }

  public static Identity chatVisitor(String visitorId) {
    return new Identity(IdentityKind.CHAT_VISITOR, visitorId);
  }
}
