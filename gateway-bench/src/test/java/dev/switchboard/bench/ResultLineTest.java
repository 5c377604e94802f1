package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResultLineTest {

  @Test
  void startsWithResultAndScenarioAndKeepsKeyOrder() {
    String line = ResultLine.of("chat").put("throughput", 1234.5678).put("p50_ms", 0.25).put("lost", 0).toString();

    assertThat(line).isEqualTo("RESULT scenario=chat throughput=1234.57 p50_ms=0.25 lost=0");
  }

  @Test
  void wholeDecimalsLoseTheirTrailingZeros() {
    assertThat(ResultLine.of("sms").put("ratio", 2.0).put("p99_ms", 10.50).toString())
        .isEqualTo("RESULT scenario=sms ratio=2 p99_ms=10.5");
  }

  @Test
  void valuesNeverContainSpacesSoTheLineSplitsOnBlanks() {
    String line = ResultLine.unavailable("email", "channel-email is not on main\nyet").toString();

    assertThat(line).isEqualTo("RESULT scenario=email status=unavailable reason=channel-email_is_not_on_main_yet");
    assertThat(line.split(" ")).allSatisfy(part -> assertThat(part).matches("RESULT|[a-z0-9_]+=\\S+"));
  }

  @Test
  void notANumberIsWrittenAsNaN() {
    assertThat(ResultLine.of("x").put("ratio", 1.0 / 0).get("ratio")).isEqualTo("NaN");
  }

  @Test
  void refusesKeysThatWouldBreakTheFormat() {
    assertThatThrownBy(() -> ResultLine.of("x").put("p99 ms", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key: p99 ms");
  }
}
