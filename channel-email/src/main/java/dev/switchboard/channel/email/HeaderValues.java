package dev.switchboard.channel.email;

import java.util.regex.Pattern;

/** Header values made safe to write: no CR, LF or other control character can start a new header. */
final class HeaderValues {

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

  private HeaderValues() {}

  /** The value with every run of control characters (CR and LF included) turned into one space. */
  static String oneLine(String value) {
    return value == null ? "" : CONTROL.matcher(value).replaceAll(" ").strip();
  }

  /** Whether the value holds a CR, LF or other control character. */
  static boolean hasControl(String value) {
    return value != null && CONTROL.matcher(value).find();
  }
}
