package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

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
}
