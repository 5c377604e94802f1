package dev.switchboard.sms;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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
  /** Compiled once: {@code String.replaceAll} compiled it again for every inbound SMS. */
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{Punct}\\s]+$");

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
    String word = TRAILING_PUNCTUATION.matcher(body.strip()).replaceAll("").toUpperCase(Locale.ROOT);
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
}
