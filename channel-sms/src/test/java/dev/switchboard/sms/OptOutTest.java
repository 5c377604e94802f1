package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptOutTest {

  private static final Instant T1 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-24T10:05:00Z");

  private static Map<String, String> applied(Map<String, String> attributes, Keyword keyword, Instant at) {
    Map<String, String> result = new HashMap<>(attributes);
    OptOut.change(attributes, keyword, at).ifPresent(result::putAll);
    return result;
  }

  @Test
  void stopOptsOutAndRecordsWhen() {
    assertThat(OptOut.change(Map.of("plan", "pro"), Keyword.OPT_OUT, T1))
        .contains(Map.of(OptOut.ATTRIBUTE, "true", OptOut.CHANGED_AT, T1.toString()));
  }

  @Test
  void startOptsBackIn() {
    Map<String, String> out = applied(Map.of(), Keyword.OPT_OUT, T1);
    assertThat(applied(out, Keyword.OPT_IN, T2)).containsEntry(OptOut.ATTRIBUTE, "false")
        .containsEntry(OptOut.CHANGED_AT, T2.toString());
  }

  @Test
  void replayedOlderStopDoesNotUndoALaterStart() {
    Map<String, String> in = applied(applied(Map.of(), Keyword.OPT_OUT, T1), Keyword.OPT_IN, T2);
    assertThat(OptOut.change(in, Keyword.OPT_OUT, T1)).isEmpty();
  }

  @Test
  void sameKeywordMessageAppliedTwiceChangesNothingTheSecondTime() {
    Map<String, String> out = applied(Map.of(), Keyword.OPT_OUT, T1);
    assertThat(OptOut.change(out, Keyword.OPT_OUT, T1)).isEmpty();
  }

  @Test
  void helpAndOrdinaryMessagesLeaveConsentAlone() {
    assertThat(OptOut.change(Map.of(), Keyword.HELP, T1)).isEmpty();
    assertThat(OptOut.change(Map.of(), Keyword.NONE, T1)).isEmpty();
  }

  @Test
  void unreadableChangeTimeIsTreatedAsNone() {
    assertThat(OptOut.change(Map.of(OptOut.ATTRIBUTE, "false", OptOut.CHANGED_AT, "yesterday"),
        Keyword.OPT_OUT, T1)).isPresent();
  }
}
