package dev.switchboard.channel.email;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts what the agent need not read from a customer's mail: the quoted earlier conversation (after an
 * attribution line such as "On ... wrote:", an Outlook header block or separator, or a trailing run of
 * {@code >} lines) and the signature (after the {@code "-- "} delimiter, or a phone's "Sent from my"
 * line). Answers written between quoted lines are kept. When trimming would leave nothing, the text is
 * returned as it was.
 */
final class ReplyTrimmer {

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
    List<String> lines = Arrays.asList(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    int end = cutAtQuoteHeader(lines);
    end = cutAtSignature(lines, end);
    end = dropTrailingQuote(lines, end);
    String trimmed = String.join("\n", lines.subList(0, end)).strip();
    return trimmed.isEmpty() ? text.strip() : trimmed;
  }

  private static int cutAtQuoteHeader(List<String> lines) {
    for (int i = 1; i < lines.size(); i++) {
      if (!hasContentBefore(lines, i)) {
        continue;
      }
      String line = lines.get(i);
      if (ORIGINAL_MESSAGE.matcher(line).matches()) {
        return i;
      }
      if (UNDERSCORES.matcher(line).matches() && nextMatches(lines, i, HEADER_FROM, 3)) {
        return i;
      }
      if (HEADER_FROM.matcher(line).matches() && nextMatches(lines, i, HEADER_NEXT, 4)
          && !line.trim().startsWith(">")) {
        return i;
      }
      boolean attribution = ATTRIBUTION_END.matcher(line).matches()
          && (ATTRIBUTION_START.matcher(line).matches() || quoteFollows(lines, i));
      if (attribution && !answersBetweenQuotes(lines, i)) {
        return i;
      }
      // An attribution wrapped over two lines: "On Tue, 3 Mar 2026 at 10:00, Jane Doe" / "<jane@example.com> wrote:".
      if (i + 1 < lines.size() && ATTRIBUTION_START.matcher(line).matches()
          && ATTRIBUTION_END.matcher(lines.get(i + 1)).matches() && line.length() + lines.get(i + 1).length() < 200
          && !answersBetweenQuotes(lines, i)) {
        return i;
      }
    }
    return lines.size();
  }

  private static int cutAtSignature(List<String> lines, int end) {
    for (int i = 1; i < end; i++) {
      if (SIGNATURE.matcher(lines.get(i)).matches() && hasContentBefore(lines, i)) {
        return i;
      }
    }
    for (int i = end - 1; i >= Math.max(1, end - 4); i--) {
      if (MOBILE_SIGNATURE.matcher(lines.get(i)).matches() && hasContentBefore(lines, i)) {
        return i;
      }
    }
    return end;
  }

  private static int dropTrailingQuote(List<String> lines, int end) {
    int i = end;
    while (i > 0 && (lines.get(i - 1).isBlank() || lines.get(i - 1).startsWith(">"))) {
      i--;
    }
    return i;
  }

  private static boolean hasContentBefore(List<String> lines, int index) {
    for (int i = 0; i < index; i++) {
      String l = lines.get(i);
      if (!l.isBlank() && !l.startsWith(">")) {
        return true;
      }
    }
    return false;
  }

  private static boolean nextMatches(List<String> lines, int index, Pattern pattern, int within) {
    for (int i = index + 1; i < Math.min(lines.size(), index + 1 + within); i++) {
      if (pattern.matcher(lines.get(i)).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether the customer answered inline: unquoted lines after a quoted one, below {@code index}. */
  private static boolean answersBetweenQuotes(List<String> lines, int index) {
    boolean quoted = false;
    for (int i = index + 1; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith(">")) {
        quoted = true;
      } else if (quoted && !l.isBlank()) {
        return !SIGNATURE.matcher(l).matches() && !MOBILE_SIGNATURE.matcher(l).matches();
      }
    }
    return false;
  }

  private static boolean quoteFollows(List<String> lines, int index) {
    for (int i = index + 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        return lines.get(i).startsWith(">");
      }
    }
    return false;
  }
}
