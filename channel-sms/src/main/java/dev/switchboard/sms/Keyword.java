package dev.switchboard.sms;

import java.util.Locale;
import java.util.Set;

/**
 * The carrier keywords an inbound SMS may be: the whole message, in any case, with surrounding blanks
 * and trailing punctuation ignored ("Stop!" is STOP; "please stop texting me" is not).
 */
enum Keyword {
  OPT_OUT("opt_out"),
  OPT_IN("opt_in"),
  HELP("help"),
  NONE("none");

  private static final Set<String> OPT_OUT_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
  private static final Set<String> OPT_IN_WORDS = Set.of("START", "YES", "UNSTOP");
  private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");
  /** The longest keyword, UNSUBSCRIBE: a longer text is no keyword, and is not upper-cased to find out. */
  private static final int LONGEST = 11;

  private final String tag;

  Keyword(String tag) {
    this.tag = tag;
  }

  String tag() {
    return tag;
  }

  static Keyword of(String body) {
    if (body == null) {
      return NONE;
    }
    String text = body.strip();
    int end = text.length();
    while (end > 0 && isPunctuationOrBlank(text.charAt(end - 1))) {
      end--;
    }
    if (end == 0 || end > LONGEST) {
      return NONE;
    }
    String word = text.substring(0, end).toUpperCase(Locale.ROOT);
    if (OPT_OUT_WORDS.contains(word)) {
      return OPT_OUT;
    }
    if (OPT_IN_WORDS.contains(word)) {
      return OPT_IN;
    }
    if (HELP_WORDS.contains(word)) {
      return HELP;
    }
    return NONE;
  }

  /** What the regex {@code [\p{Punct}\s]} matches: ASCII punctuation and ASCII blanks. */
  private static boolean isPunctuationOrBlank(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\u000B' || ch == '\f' || ch == '\r'
        || ch >= '!' && ch <= '/' || ch >= ':' && ch <= '@' || ch >= '[' && ch <= '`' || ch >= '{' && ch <= '~';
  }
}
