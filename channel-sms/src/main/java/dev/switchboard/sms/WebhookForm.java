package dev.switchboard.sms;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Parses Twilio's {@code application/x-www-form-urlencoded} webhook bodies. Decoded straight from the
 * bytes, one pass per field: no String of the whole body, no split, and no {@code URLDecoder} (which
 * builds a buffer and re-decodes each field); a field that is plain ASCII without escapes, most of
 * Twilio's, becomes its String with one copy.
 */
final class WebhookForm {

  private WebhookForm() {}

  /** What is wrong with a form: a closed set, so a log can name it without repeating the sender's text. */
  enum Problem {
    NOT_A_FORM, TOO_LARGE, UNREADABLE, NOT_UTF8, BROKEN_ESCAPE, NAMELESS_FIELD, REPEATED_FIELD
  }

  /** A form that cannot be read; the message (which may quote the form) is for the sender, not the log. */
  static final class Malformed extends IllegalArgumentException {
    private final Problem problem;

    Malformed(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }

    Problem problem() {
      return problem;
    }
  }

  /**
   * The form's fields in order. Throws {@link Malformed} for a body that is not valid UTF-8 (as sent or
   * once its %-escapes are decoded), has a broken %-escape ({@code %} not followed by two hex digits), a
   * field without a name, or a field given twice (Twilio never repeats one, and a repeat would make the
   * signed value ambiguous). {@code +} is a space; an empty pair ({@code a=1&&b=2}) is skipped.
   */
  static Map<String, String> parse(byte[] body) {
    // Room for Twilio's twenty-odd fields without growing on the way.
    FormFields fields = new FormFields(24);
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (end > start) {
        int eq = indexOf(body, (byte) '=', start, end);
        // A name spelled as one of Twilio's is plain ASCII already, and decodes to that very String.
        String name = FieldNames.known(body, start, eq);
        if (name == null) {
          name = decode(body, start, eq);
        }
        String value = eq < end ? decode(body, eq + 1, end) : "";
        if (name.isEmpty()) {
          throw new Malformed(Problem.NAMELESS_FIELD, "a form field has no name");
        }
        if (!fields.addIfAbsent(name, value)) {
          throw new Malformed(Problem.REPEATED_FIELD, "form field " + name + " is given twice");
        }
      }
      start = end + 1;
    }
    return fields;
  }

  /** The first {@code b} in {@code [from, to)}, or {@code to}. */
  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return to;
  }

  /** {@code body[from, to)} with {@code +} and %-escapes decoded, as strict UTF-8. */
  static String decode(byte[] body, int from, int to) {
    boolean plain = true;
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b < 0 || b == '%' || b == '+') {
        plain = false;
        break;
      }
    }
    if (plain) {
      // ASCII only: Latin-1 is the same characters, and lets the String keep the bytes as they are.
      return new String(body, from, to - from, StandardCharsets.ISO_8859_1);
    }
    byte[] out = new byte[to - from];
    int n = 0;
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        b = ' ';
      } else if (b == '%') {
        int hi = i + 2 < to ? hex(body[i + 1]) : -1;
        int lo = hi >= 0 ? hex(body[i + 2]) : -1;
        if (lo < 0) {
          throw new Malformed(Problem.BROKEN_ESCAPE, "a form field has a broken %-escape");
        }
        b = (byte) (hi << 4 | lo);
        i += 2;
      }
      ascii &= b >= 0;
      out[n++] = b;
    }
    if (ascii) {
      return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Malformed(Problem.NOT_UTF8, "the form body is not UTF-8");
    }
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}
