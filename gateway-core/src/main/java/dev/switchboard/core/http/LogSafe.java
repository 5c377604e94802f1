package dev.switchboard.core.http;

/**
 * Text from outside (a header, a form field, a provider's error message) made fit for one log line:
 * quoted, with every control, line or paragraph separator and bidi/format character written as an escape,
 * and cut to a bounded length. A forged {@code \r\n} therefore can never start a log line of its own.
 */
public final class LogSafe {

  /** Longest text kept before the cut; enough to diagnose, too short to flood a log. */
  public static final int MAX_CHARS = 200;

  private LogSafe() {}

  /** {@code text} quoted and escaped, or {@code null} unquoted for a null. */
  public static String quote(CharSequence text) {
    if (text == null) {
      return "null";
    }
    int n = Math.min(text.length(), MAX_CHARS);
    StringBuilder out = new StringBuilder(n + 16).append('"');
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
    if (text.length() > n) {
      out.append("...(").append(text.length() - n).append(" more chars)");
    }
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    if (Character.isSurrogate(c)) {
      return false; // a pair is printable; a lone half is shown by the log as '?' at worst, not a break
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.UNASSIGNED, Character.PRIVATE_USE -> true;
      default -> false;
    };
  }
}
