package dev.switchboard.channel.email;

import java.util.regex.Pattern;

/**
 * Cuts what the agent need not read from a customer's mail: the quoted earlier conversation (after an
 * attribution line such as "On ... wrote:", an Outlook header block or separator, or a trailing run of
 * {@code >} lines) and the signature (after the {@code "-- "} delimiter, or a phone's "Sent from my"
 * line). Answers written between quoted lines are kept. When trimming would leave nothing, the text is
 * returned as it was.
 *
 * <p>Linear in the text: every "is there ... before / after this line" question is answered from
 * indexes built in one pass ({@link Lines}), so no line is rescanned per line, and a line longer than
 * {@value #MAX_MARKER_LENGTH} characters is never tried against the patterns (no attribution, header or
 * signature is that long), which bounds the regex work per line.
 */
final class ReplyTrimmer {

  /** Longer lines are text, never a marker; this also bounds what each pattern may cost on one line. */
  static final int MAX_MARKER_LENGTH = 1000;

  private static final Pattern ATTRIBUTION_END = Pattern.compile(
      "(?i).*\\b(wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|skrev|kirjoitti|napisał)\\s*:\\s*$");
  private static final Pattern ATTRIBUTION_START = Pattern.compile(
      "(?i)^\\s*(on|am|le|el|il|op|em|den|på|w dniu)\\b.*");
  private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
      "(?i)^\\s*-{2,}\\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|"
          + "messaggio originale)\\s*-{2,}\\s*$");
  private static final Pattern UNDERSCORES = Pattern.compile("^\\s*_{10,}\\s*$");
  private static final Pattern HEADER_FROM = Pattern.compile("(?i)^\\s*\\*?(from|von|de|da|van|från)\\s*:\\*?\\s+\\S.*");
  private static final Pattern HEADER_NEXT = Pattern.compile(
      "(?i)^\\s*\\*?(sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|à|objet|enviado|para|asunto)\\s*:.*");
  private static final Pattern SIGNATURE = Pattern.compile("^-- ?$");
  private static final Pattern MOBILE_SIGNATURE = Pattern.compile(
      "(?i)^\\s*(sent from my|sent from mail for|get outlook for|von meinem .* gesendet|envoyé de mon).*");

  private ReplyTrimmer() {}

  static String trim(String text) {
    if (text == null || text.isBlank()) {
      return text == null ? "" : text.strip();
    }
    Lines lines = new Lines(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    int end = cutAtQuoteHeader(lines);
    end = cutAtSignature(lines, end);
    end = dropTrailingQuote(lines, end);
    String trimmed = String.join("\n", java.util.Arrays.asList(lines.text).subList(0, end)).strip();
    return trimmed.isEmpty() ? text.strip() : trimmed;
  }

  private static int cutAtQuoteHeader(Lines lines) {
    for (int i = Math.max(1, lines.firstContent + 1); i < lines.size(); i++) {
      String line = lines.text[i];
      if (line.length() > MAX_MARKER_LENGTH) {
        continue;
      }
      if (matches(ORIGINAL_MESSAGE, line)) {
        return i;
      }
      if (matches(UNDERSCORES, line) && lines.nextMatches(i, HEADER_FROM, 3)) {
        return i;
      }
      if (matches(HEADER_FROM, line) && lines.nextMatches(i, HEADER_NEXT, 4) && !line.trim().startsWith(">")) {
        return i;
      }
      boolean attribution = matches(ATTRIBUTION_END, line)
          && (matches(ATTRIBUTION_START, line) || lines.quoteFollows(i));
      if (attribution && !lines.answersBetweenQuotes(i)) {
        return i;
      }
      // An attribution wrapped over two lines: "On Tue, 3 Mar 2026 at 10:00, Jane Doe" / "<jane@example.com> wrote:".
      if (i + 1 < lines.size() && line.length() + lines.text[i + 1].length() < 200
          && matches(ATTRIBUTION_START, line) && matches(ATTRIBUTION_END, lines.text[i + 1])
          && !lines.answersBetweenQuotes(i)) {
        return i;
      }
    }
    return lines.size();
  }

  private static int cutAtSignature(Lines lines, int end) {
    for (int i = Math.max(1, lines.firstContent + 1); i < end; i++) {
      if (matches(SIGNATURE, lines.text[i])) {
        return i;
      }
    }
    for (int i = end - 1; i >= Math.max(1, end - 4); i--) {
      if (matches(MOBILE_SIGNATURE, lines.text[i]) && lines.firstContent < i) {
        return i;
      }
    }
    return end;
  }

  private static int dropTrailingQuote(Lines lines, int end) {
    int i = end;
    while (i > 0 && (lines.text[i - 1].isBlank() || lines.text[i - 1].startsWith(">"))) {
      i--;
    }
    return i;
  }

  private static boolean matches(Pattern pattern, String line) {
    return line.length() <= MAX_MARKER_LENGTH && pattern.matcher(line).matches();
  }

  private static boolean isSignature(String line) {
    return matches(SIGNATURE, line) || matches(MOBILE_SIGNATURE, line);
  }

  /** The lines of a mail with, for each position, where the next quoted, unquoted or non-blank line is. */
  private static final class Lines {
    final String[] text;
    /** The first line with content (neither blank nor quoted), or {@code size()} when there is none. */
    final int firstContent;
    private final int[] nextQuoted;
    private final int[] nextContent;
    private final int[] nextNonBlank;

    Lines(String[] text) {
      this.text = text;
      int n = text.length;
      nextQuoted = new int[n + 1];
      nextContent = new int[n + 1];
      nextNonBlank = new int[n + 1];
      nextQuoted[n] = n;
      nextContent[n] = n;
      nextNonBlank[n] = n;
      for (int i = n - 1; i >= 0; i--) {
        boolean blank = text[i].isBlank();
        boolean quoted = text[i].startsWith(">");
        nextQuoted[i] = quoted ? i : nextQuoted[i + 1];
        nextContent[i] = !blank && !quoted ? i : nextContent[i + 1];
        nextNonBlank[i] = !blank ? i : nextNonBlank[i + 1];
      }
      firstContent = nextContent[0];
    }

    int size() {
      return text.length;
    }

    boolean nextMatches(int index, Pattern pattern, int within) {
      for (int i = index + 1; i < Math.min(size(), index + 1 + within); i++) {
        if (matches(pattern, text[i])) {
          return true;
        }
      }
      return false;
    }

    /** Whether the customer answered inline: an unquoted line (not a signature) after a quoted one, below {@code index}. */
    boolean answersBetweenQuotes(int index) {
      int quote = nextQuoted[index + 1];
      if (quote >= size()) {
        return false;
      }
      int answer = nextContent[quote + 1];
      return answer < size() && !isSignature(text[answer]);
    }

    boolean quoteFollows(int index) {
      int next = nextNonBlank[index + 1];
      return next < size() && text[next].startsWith(">");
    }
  }
}
