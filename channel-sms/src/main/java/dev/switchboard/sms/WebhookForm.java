package dev.switchboard.sms;

import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses Twilio's {@code application/x-www-form-urlencoded} webhook bodies. */
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
   * The form's fields in order. Throws {@link Malformed} for a body that is not valid
   * UTF-8, has a broken percent-escape, a field without a name, or a field given twice (Twilio never
   * repeats one, and a repeat would make the signed value ambiguous).
   */
  static Map<String, String> parse(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Malformed(Problem.NOT_UTF8, "the form body is not UTF-8");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return Collections.unmodifiableMap(fields);
    }
    for (String pair : text.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (name.isEmpty()) {
        throw new Malformed(Problem.NAMELESS_FIELD, "a form field has no name");
      }
      if (fields.putIfAbsent(name, value) != null) {
        throw new Malformed(Problem.REPEATED_FIELD, "form field " + name + " is given twice");
      }
    }
    return Collections.unmodifiableMap(fields);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Malformed(Problem.BROKEN_ESCAPE, "a form field has a broken %-escape");
    }
  }
}
