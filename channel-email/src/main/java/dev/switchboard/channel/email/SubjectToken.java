package dev.switchboard.channel.email;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The conversation token in a subject, {@code [#AB12CD]}, and the subject of our replies. */
final class SubjectToken {

  private static final Pattern TOKEN = Pattern.compile("\\[#([0-9A-Za-z]{4,12})\\]");
  private static final Pattern REPLY_PREFIX =
      Pattern.compile("^\\s*((re|fwd?|aw|wg|sv|vs|antw|tr|rif|r)\\s*(\\[\\d+\\])?\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);

  private SubjectToken() {}

  /** The conversation ref of the last token in the subject, upper-cased, or null. */
  static String find(String subject) {
    if (subject == null) {
      return null;
    }
    Matcher m = TOKEN.matcher(subject);
    String ref = null;
    while (m.find()) {
      ref = m.group(1).toUpperCase(Locale.ROOT);
    }
    return ref;
  }

  /** {@code Re: <subject without reply prefixes and tokens> [#REF]}, on one line. */
  static String replySubject(String subject, String ref) {
    String base = subject == null ? "" : HeaderValues.oneLine(subject);
    base = TOKEN.matcher(base).replaceAll("");
    base = REPLY_PREFIX.matcher(base).replaceFirst("");
    base = base.replaceAll("\\s{2,}", " ").trim();
    String token = "[#" + HeaderValues.oneLine(ref) + "]";
    return base.isEmpty() ? "Re: " + token : "Re: " + base + " " + token;
  }
}
