package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.http.Json;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServerFrameTest {

  /** What the streaming generator writes for a frame: the text a hand-written encoding must equal. */
  private static String viaGenerator(ServerFrame frame, long seq) {
    return Json.stream(out -> {
      out.writeStartObject();
      out.writeStringField("type", frame.type());
      out.writeNumberField("seq", seq);
      frame.writeFields(out);
      out.writeEndObject();
    });
  }

  @Test
  void anAckIsTheSameTextAsTheGeneratorWritesWhateverItsFields() {
    List<ServerFrame.Ack> acks = List.of(
        new ServerFrame.Ack("c-1", "01JD5Z7Q8X9Y0A1B2C3D4E5F6G", "01JD5Z7Q8X9Y0A1B2C3D4E5F6H", false),
        new ServerFrame.Ack("web:1733000000000.7", "m", "c", true),
        new ServerFrame.Ack("quote\"back\\slash", "tab\tnew\nline", "é€😀\u007f\u0001", false),
        new ServerFrame.Ack("c", null, "c", false));
    for (ServerFrame.Ack ack : acks) {
      assertThat(ack.encode(1_733_000_000_000_001L)).isEqualTo(viaGenerator(ack, 1_733_000_000_000_001L));
    }
  }

  @Test
  void aClientIdIsCheckedAsTheRegexOfItsRuleWould() {
    Pattern rule = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    List<String> samples = List.of("", "a", "A-Z_0.9:x", "a b", "a/b", "é", "a\"", "x".repeat(64), "x".repeat(65),
        "ümlaut", "a\n", "-", "日本");
    for (String s : samples) {
      assertThat(PlainJson.isToken(s, ClientFrameParser.MAX_CLIENT_ID_LENGTH)).as(s).isEqualTo(rule.matcher(s).matches());
    }
    assertThat(PlainJson.isToken(null, 64)).isFalse();
  }
}
