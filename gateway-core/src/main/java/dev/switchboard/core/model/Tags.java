package dev.switchboard.core.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for conversation tags: lower-case (a tag is normalized so {@code Billing} and {@code billing}
 * are one), 1 to {@value #MAX_LENGTH} characters of letters, digits and {@code - _ . : /}, starting with a
 * letter or digit; at most {@value #MAX_PER_CONVERSATION} on a conversation.
 */
public final class Tags {

  public static final int MAX_LENGTH = 50;
  public static final int MAX_PER_CONVERSATION = 20;

  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.:/-]*");

  private Tags() {}

  /** {@code tag} as stored: stripped and lower-cased; {@link IllegalArgumentException} saying what is wrong otherwise. */
  public static String normalize(String tag) {
    String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      throw new IllegalArgumentException("a tag cannot be empty");
    }
    if (t.length() > MAX_LENGTH) {
      throw new TooLong("tag longer than " + MAX_LENGTH + " characters");
    }
    if (!TAG.matcher(t).matches()) {
      throw new IllegalArgumentException("tag \"" + t + "\": letters, digits and - _ . : / only, starting with a"
          + " letter or digit");
    }
    return t;
  }

  /** A tag over {@value #MAX_LENGTH} characters (its own error code on the desk). */
  public static final class TooLong extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TooLong(String message) {
      super(message);
    }
  }
}
