package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JmhScenarioTest {

  @Test
  void benchmarkMethodNamesBecomeResultKeys() {
    assertThat(JmhScenario.snake("encodeDeskMessageFrame")).isEqualTo("encode_desk_message_frame");
    assertThat(JmhScenario.snake("offerWith100kWaiting")).isEqualTo("offer_with100k_waiting");
  }

  @Test
  void shortDefaultsApplyOnlyWhenNoJmhOptionIsGiven() {
    assertThat(JmhDefaults.withDefaults(new String[] {"FrameJson"}))
        .containsExactly("-f", "1", "FrameJson");
    assertThat(JmhDefaults.withDefaults(new String[] {"FrameJson", "-f", "3"}))
        .containsExactly("FrameJson", "-f", "3");
  }
}
