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
        if (!isE164(value)) {
          throw new IllegalArgumentException("value: " + value + " (expected: an E.164 number like +15550001111)");
        }
      }
      case CHAT_VISITOR -> { }
    }
  }

  /**
   * Whether {@code s} is an E.164 number, {@code +[1-9]\d{1,14}}, checked by hand: every inbound SMS makes
   * an identity, and {@code String.matches} compiled the pattern again each time (7 % of the event loop's
   * samples in the {@code sms} bench).
   */
  public static boolean isE164(String s) {
    int n = s.length();
    if (n < 3 || n > 16 || s.charAt(0) != '+' || s.charAt(1) < '1' || s.charAt(1) > '9') {
      return false;
    }
    for (int i = 2; i < n; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return true;
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
