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

  /**
   * The form's fields in order. Throws {@link IllegalArgumentException} for a body that is not valid
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
      throw new IllegalArgumentException("the form body is not UTF-8");
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
        throw new IllegalArgumentException("a form field has no name");
      }
      if (fields.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("form field " + name + " is given twice");
      }
    }
    return Collections.unmodifiableMap(fields);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a form field has a broken %-escape");
    }
  }
}
