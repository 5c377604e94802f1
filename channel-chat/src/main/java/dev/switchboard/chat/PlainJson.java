package dev.switchboard.chat;

/** Which strings a JSON generator writes between quotes unchanged, so a frame of ids can be concatenated. */
final class PlainJson {

  private PlainJson() {}

  /** True when {@code s} is non-null printable ASCII without a quote or backslash: JSON escapes none of it. */
  static boolean needsNoEscape(String s) {
    if (s == null) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** True when {@code s} is 1 to {@code max} letters, digits or {@code ._:-} (a client id). */
  static boolean isToken(String s, int max) {
    if (s == null || s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
