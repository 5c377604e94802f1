package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookFormTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void decodesFieldsInOrder() {
    assertThat(WebhookForm.parse(bytes("Body=Hi+there%21+%E2%9C%93&From=%2B15557654321&Empty=&Flag")))
        .containsExactly(
            java.util.Map.entry("Body", "Hi there! \u2713"),
            java.util.Map.entry("From", "+15557654321"),
            java.util.Map.entry("Empty", ""),
            java.util.Map.entry("Flag", ""));
  }

  @Test
  void emptyBodyIsAnEmptyForm() {
    assertThat(WebhookForm.parse(new byte[0])).isEmpty();
  }

  @Test
  void brokenPercentEscapeIsMalformed() {
    assertThatThrownBy(() -> WebhookForm.parse(bytes("Body=100%")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%-escape");
  }

  @Test
  void repeatedFieldIsMalformed() {
    assertThatThrownBy(() -> WebhookForm.parse(bytes("From=%2B1&From=%2B2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("From");
  }

  @Test
  void fieldWithoutNameIsMalformed() {
    assertThatThrownBy(() -> WebhookForm.parse(bytes("=x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no name");
  }

  @Test
  void bytesThatAreNotUtf8AreMalformed() {
    assertThatThrownBy(() -> WebhookForm.parse(new byte[] {'B', '=', (byte) 0xff}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
  }
}
