package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secret that binds a browser to its chat contact: 256 random bits, base64url. The gateway keeps
 * only its SHA-256 (the visitor id, which is the contact's {@code CHAT_VISITOR} identity), so a leaked
 * database does not let anyone speak as a visitor.
 */
record VisitorToken(String value) {

  /** 32 bytes in unpadded base64url. */
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  VisitorToken {
    requireNonNull(value, "value");
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException("visitor token: malformed (expected: 43 base64url characters)");
    }
  }

  static VisitorToken mint() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new VisitorToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** A random token, or one of the shape of a signed visitor token (from a reopen link; its signature is checked by {@link ChatReopen}). */
  static boolean isWellFormed(String text) {
    return text != null && (FORMAT.matcher(text).matches()
        || dev.switchboard.core.continuity.ChatReopenLinks.isSignedVisitorToken(text));
  }

  /**
   * The visitor id: lower-case hex SHA-256 of a random token, the only form the gateway stores; a signed
   * token (checked before it became this record) names its visitor id before the dot.
   */
  String visitorId() {
    if (dev.switchboard.core.continuity.ChatReopenLinks.isSignedVisitorToken(value)) {
      return value.substring(0, value.indexOf('.'));
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "VisitorToken[***]"; // never in logs
  }
}
