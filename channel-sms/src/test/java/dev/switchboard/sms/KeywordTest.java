package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeywordTest {

  @ParameterizedTest
  @CsvSource({
      "STOP, OPT_OUT", "stop, OPT_OUT", "' Stop! ', OPT_OUT", "STOPALL, OPT_OUT", "unsubscribe, OPT_OUT",
      "Cancel., OPT_OUT", "END, OPT_OUT", "quit, OPT_OUT",
      "START, OPT_IN", "yes, OPT_IN", "Unstop, OPT_IN",
      "HELP, HELP", "help?, HELP", "INFO, HELP",
      "please stop texting me, NONE", "stopped, NONE", "STOP IT, NONE", "'', NONE", "my internet is down, NONE"})
  void readsTheWholeMessageAsAKeyword(String body, Keyword expected) {
    assertThat(Keyword.of(body)).isEqualTo(expected);
  }

  /** The rule as the regex said it before it was written by hand: that regex is the oracle. */
  private static final Pattern TRAILING = Pattern.compile("[\\p{Punct}\\s]+$");

  @Test
  void readsTextsAsTheTrailingPunctuationRegexDid() {
    Random random = new Random(7);
    String[] words = {"stop", "STOPALL", "Unsubscribe", "start", "help", "info", "quit", "x", "stopp", ""};
    String tail = " \t\n\u000B\f\r!?.,;:'\"-_()[]{}~`@#$%^&*+=<>/\\|\u00a0\u2003\u3002\u00bf";
    for (int round = 0; round < 5_000; round++) {
      StringBuilder body = new StringBuilder();
      for (int i = random.nextInt(3); i > 0; i--) {
        body.append(tail.charAt(random.nextInt(tail.length())));
      }
      body.append(words[random.nextInt(words.length)]);
      for (int i = random.nextInt(14); i > 0; i--) {
        body.append(tail.charAt(random.nextInt(tail.length())));
      }
      String text = body.toString();
      assertThat(Keyword.of(text)).as("%s", text.codePoints().boxed().toList()).isEqualTo(oracle(text));
    }
  }

  private static Keyword oracle(String body) {
    String word = TRAILING.matcher(body.strip()).replaceAll("").toUpperCase(Locale.ROOT);
    return switch (word) {
      case "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" -> Keyword.OPT_OUT;
      case "START", "YES", "UNSTOP" -> Keyword.OPT_IN;
      case "HELP", "INFO" -> Keyword.HELP;
      default -> Keyword.NONE;
    };
  }
}
