package dev.switchboard.core.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the agent desk's frame parser with any text a desk could send. The contract: every input becomes
 * a {@link DeskFrame}; what is not acceptable is {@link DeskFrame.Unreadable} or {@link DeskFrame.Invalid}
 * with a code and a message for the agent, and what is accepted holds the field rules. Any exception or a
 * hang is a finding. Seeds: {@code DeskFrameFuzzTestInputs/parsesOrRefusesEveryFrame/}.
 */
class DeskFrameFuzzTest {

  private static final int MAX_TEXT_LENGTH = 200;

  private final DeskFrameParser parser = new DeskFrameParser(MAX_TEXT_LENGTH);

  @FuzzTest
  void parsesOrRefusesEveryFrame(byte[] input) {
    DeskFrame frame = parser.parse(new String(input, StandardCharsets.UTF_8));

    assertThat(frame).isNotNull();
    if (frame instanceof DeskFrame.Unreadable u) {
      assertThat(u.code()).isIn("bad_json", "bad_frame");
      assertThat(u.message()).isNotBlank();
    } else if (frame instanceof DeskFrame.Invalid invalid) {
      assertThat(invalid.code()).isIn("unknown_type", "bad_request", "too_long");
      assertThat(invalid.message()).isNotBlank();
    } else if (frame instanceof DeskFrame.Write w) {
      assertThat(w.text()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_TEXT_LENGTH);
      assertThat(w.clientId()).isNotBlank();
      assertThat(w.conversationId().value()).isNotBlank();
    } else if (frame instanceof DeskFrame.OnConversation c) {
      assertThat(c.conversationId().value()).isNotBlank();
    } else if (frame instanceof DeskFrame.Tag t) {
      assertThat(t.conversationId().value()).isNotBlank();
      assertThat(t.add().size() + t.remove().size()).isPositive();
      assertThat(t.add()).doesNotContainNull();
      assertThat(t.remove()).doesNotContainNull();
    }
  }
}
