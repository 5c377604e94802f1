package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @ParameterizedTest
  @ValueSource(strings = {"Body=%", "Body=%4", "Body=%G1", "Body=%4g", "Body=%%41", "Body=%-1", "Body=%+1",
      "%zz=1", "Body=ok&To=%2"})
  void escapeWithoutTwoHexDigitsIsMalformed(String form) {
    assertThatThrownBy(() -> WebhookForm.parse(bytes(form)))
        .isInstanceOfSatisfying(WebhookForm.Malformed.class,
            e -> assertThat(e.problem()).isEqualTo(WebhookForm.Problem.BROKEN_ESCAPE));
  }

  @Test
  void escapedBytesThatAreNotUtf8AreMalformed() {
    // URLDecoder put U+FFFD in their place; the signature Twilio made was over other text, so say so.
    for (String form : new String[] {"Body=%FF", "Body=%C3", "Body=%C3%28", "Body=%ED%A0%80"}) {
      assertThatThrownBy(() -> WebhookForm.parse(bytes(form))).as(form)
          .isInstanceOfSatisfying(WebhookForm.Malformed.class,
              e -> assertThat(e.problem()).isEqualTo(WebhookForm.Problem.NOT_UTF8));
    }
  }

  @Test
  void decodesEscapesOfEitherCaseAndRawUtf8() {
    assertThat(WebhookForm.parse("Body=%e2%9c%93+%E2%9C%93+\u2713+a%2bb%3D%26&To=".getBytes(StandardCharsets.UTF_8)))
        .containsExactly(Map.entry("Body", "\u2713 \u2713 \u2713 a+b=&"), Map.entry("To", ""));
  }

  @Test
  void skipsEmptyPairsAndKeepsTheFirstEqualsAsTheSplit() {
    assertThat(WebhookForm.parse(bytes("&&A=1&&B=x=y&")))
        .containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"));
  }

  @Test
  void fieldThatDecodesToAnEmptyNameIsMalformed() {
    assertThatThrownBy(() -> WebhookForm.parse(bytes("=&A=1")))
        .isInstanceOfSatisfying(WebhookForm.Malformed.class,
            e -> assertThat(e.problem()).isEqualTo(WebhookForm.Problem.NAMELESS_FIELD));
  }

  @Test
  void readsWhatUrlEncoderWroteAsUrlDecoderDoes() {
    Random random = new Random(11);
    String alphabet = "aZ09 +%&=~*._-!\u00e9\u2713\ud83d\ude00\n";
    for (int round = 0; round < 2_000; round++) {
      Map<String, String> sent = new LinkedHashMap<>();
      int fields = random.nextInt(6);
      StringBuilder form = new StringBuilder();
      for (int f = 0; f < fields; f++) {
        String name = "F" + f + text(random, alphabet);
        String value = text(random, alphabet);
        sent.put(name, value);
        form.append(f == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
      Map<String, String> oracle = new LinkedHashMap<>();
      sent.forEach((k, v) -> oracle.put(URLDecoder.decode(URLEncoder.encode(k, StandardCharsets.UTF_8),
          StandardCharsets.UTF_8), v));
      assertThat(WebhookForm.parse(bytes(form.toString()))).as(form.toString()).isEqualTo(oracle).isEqualTo(sent);
    }
  }

  private static String text(Random random, String alphabet) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      int at = random.nextInt(alphabet.length());
      char ch = alphabet.charAt(at);
      if (Character.isHighSurrogate(ch)) {
        s.append(ch).append(alphabet.charAt(at + 1));
      } else if (!Character.isLowSurrogate(ch)) {
        s.append(ch);
      }
    }
    return s.toString();
  }

  @Test
  void aFormReadsLikeAMapAndCannotBeChanged() {
    StringBuilder form = new StringBuilder("F0=v0");
    for (int i = 1; i < 60; i++) {
      form.append("&F").append(i).append("=v").append(i); // past the room made at first
    }
    Map<String, String> fields = WebhookForm.parse(bytes(form.toString()));
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      expected.put("F" + i, "v" + i);
    }
    assertThat(fields).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(fields.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(fields.get("F59")).isEqualTo("v59");
    assertThat(fields.get("F60")).isNull();
    assertThat(fields.getOrDefault("MessageSid", "none")).isEqualTo("none");
    assertThat(fields.containsKey("F7")).isTrue();
    assertThatThrownBy(() -> fields.put("F0", "changed")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fields.remove("F0")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(fields::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThat(fields).hasSize(60);
  }

  @Test
  void twilioFieldNamesAreTheSameStringsEveryTimeAndOthersAreDecoded() {
    Map<String, String> first = WebhookForm.parse(bytes("MessageSid=SM1&MediaContentType9=a&Fro=x&Frommm=y"));
    Map<String, String> second = WebhookForm.parse(bytes("MessageSid=SM2&MediaContentType9=b"));
    String sid = first.keySet().iterator().next();
    assertThat(sid).isEqualTo("MessageSid").isSameAs(second.keySet().iterator().next());
    assertThat(first).containsOnlyKeys("MessageSid", "MediaContentType9", "Fro", "Frommm");
    // An escaped spelling of a known name is that name, decoded.
    assertThat(WebhookForm.parse(bytes("Message%53id=SM3&%46rom=%2B1"))).containsExactly(
        Map.entry("MessageSid", "SM3"), Map.entry("From", "+1"));
    assertThatThrownBy(() -> WebhookForm.parse(bytes("From=%2B1&%46rom=%2B2")))
        .isInstanceOf(WebhookForm.Malformed.class)
        .satisfies(e -> assertThat(((WebhookForm.Malformed) e).problem()).isEqualTo(WebhookForm.Problem.REPEATED_FIELD));
  }
}
