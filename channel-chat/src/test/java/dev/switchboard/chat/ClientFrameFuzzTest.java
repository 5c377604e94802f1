package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the visitor frame parser with any text a browser could send. The contract: every input becomes a
 * frame; what is not acceptable is an {@link ClientFrame.Invalid} with a code and a message for the visitor,
 * and what is accepted holds the limits. Any exception (NPE, index out of bounds, stack overflow) or a hang
 * is a finding. Seeds: {@code ClientFrameFuzzTestInputs/parsesOrRefusesEveryFrame/}.
 */
class ClientFrameFuzzTest {

  private static final int MAX_MESSAGE_LENGTH = 50;

  private final ClientFrameParser parser = new ClientFrameParser(MAX_MESSAGE_LENGTH);

  @FuzzTest
  void parsesOrRefusesEveryFrame(byte[] input) {
    ClientFrame frame = parser.parse(new String(input, StandardCharsets.UTF_8));

    assertThat(frame).isNotNull();
    if (frame instanceof ClientFrame.Invalid invalid) {
      assertThat(invalid.code()).isNotBlank();
      assertThat(invalid.message()).isNotBlank();
    } else if (frame instanceof ClientFrame.SendMessage message) {
      assertThat(message.text()).isNotBlank();
      assertThat(message.text().codePointCount(0, message.text().length())).isLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
      assertThat(message.clientId()).matches("[A-Za-z0-9._:-]{1,64}");
    } else if (frame instanceof ClientFrame.Hello hello) {
      assertThat(hello.resumeAfter() == null || hello.resumeAfter() >= 0).isTrue();
      assertThat(hello.name() == null || hello.name().length() <= ClientFrameParser.MAX_NAME_LENGTH).isTrue();
      assertThat(hello.email() == null || hello.email().length() <= ClientFrameParser.MAX_EMAIL_LENGTH).isTrue();
    }
  }
}
