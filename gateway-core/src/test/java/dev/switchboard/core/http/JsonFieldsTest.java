package dev.switchboard.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

  @Test
  void readsTheScalarsOfAnObjectAndSkipsWhatIsNested() throws Exception {
    JsonFields f = JsonFields.read("{\"type\":\"message\",\"n\":42,\"big\":123456789012345678901234567890,"
        + "\"d\":5.75,\"ok\":true,\"nested\":{\"type\":\"not me\",\"a\":[1,{\"b\":2}]},\"list\":[\"x\"],"
        + "\"gone\":null,\"text\":\"caf\\u00e9 \\\"quoted\\\"\"}");
    assertThat(f.text("type")).isEqualTo("message");
    assertThat(f.text("text")).isEqualTo("café \"quoted\"");
    assertThat(f.text("n")).isNull();
    assertThat(f.scalarText("n")).isEqualTo("42");
    assertThat(f.wholeNumber("n")).isEqualTo(42L);
    assertThat(f.wholeNumber("big")).isNull();
    assertThat(f.asLong("big")).isNull();
    assertThat(f.wholeNumber("d")).isNull();
    assertThat(f.asLong("d")).isEqualTo(5L);
    assertThat(f.scalarText("ok")).isEqualTo("true");
    assertThat(f.has("nested")).isTrue();
    assertThat(f.scalarText("nested")).isNull();
    assertThat(f.text("list")).isNull();
    assertThat(f.has("gone")).isFalse();
    assertThat(f.has("missing")).isFalse();
  }

  @Test
  void answersAsTheTreeDidForTheFramesItReplaces() throws Exception {
    for (String json : List.of("{\"a\":\"x\",\"a\":\"y\"}", "{\"a\":\"x\",\"a\":null}", "{\"a\":1,\"a\":\"z\"}",
        "{\"a\":-7}", "{\"a\":7.9}", "{\"a\":[]}", "{}")) {
      JsonFields f = JsonFields.read(json);
      JsonNode tree = Json.read(json).get("a");
      boolean present = tree != null && !tree.isNull();
      assertThat(f.has("a")).as(json).isEqualTo(present);
      assertThat(f.text("a")).as(json).isEqualTo(present && tree.isTextual() ? tree.asText() : null);
      assertThat(f.asLong("a")).as(json).isEqualTo(present && tree.canConvertToLong() && tree.isNumber()
          ? tree.asLong() : null);
    }
  }

  @Test
  void anotherJsonValueIsNoObjectAndBrokenJsonThrows() throws Exception {
    assertThat(JsonFields.read("")).isNull();
    assertThat(JsonFields.read("[1,2]")).isNull();
    assertThat(JsonFields.read("\"hello\"")).isNull();
    assertThat(JsonFields.read("42")).isNull();
    assertThatThrownBy(() -> JsonFields.read("{\"type\":")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> JsonFields.read("{\"a\":[1,{]}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> JsonFields.read("[1,")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> JsonFields.read("not json")).isInstanceOf(IOException.class);
  }
}
