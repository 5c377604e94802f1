package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColumnsTest {

  /** Every ASCII character, some Latin-1 and BMP letters, U+2028, an emoji's surrogate pair, a lone surrogate. */
  private static final String ALPHABET = buildAlphabet();

  @Test
  void aStringMapIsWrittenAsJacksonWritesItForEveryAsciiCharacterAndBeyond() {
    SplittableRandom random = new SplittableRandom(11);
    for (int n = 0; n < 2_000; n++) {
      Map<String, String> map = new LinkedHashMap<>();
      int size = random.nextInt(6);
      for (int i = 0; i < size; i++) {
        map.put(randomString(random), randomString(random));
      }
      assertThat(Columns.stringMapJson(map)).isEqualTo(Columns.json(map));
    }
  }

  @Test
  void aStringMapKeepsItsOrderAndReadsBack() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("To", "+15550001111");
    map.put("Body", "line one\nline \"two\"\t\\ \u0001");
    map.put("Empty", "");
    Map<String, String> copy = Map.copyOf(map); // the order an InboundMessage's metadata iterates in

    assertThat(Columns.stringMapJson(map)).isEqualTo(Columns.json(map)).startsWith("{\"To\":");
    assertThat(Columns.stringMapJson(copy)).isEqualTo(Columns.json(copy));
    assertThat(Columns.stringMap(Columns.stringMapJson(map))).isEqualTo(map);
    assertThat(Columns.stringMapJson(Map.of())).isEqualTo("{}");
  }

  private static String randomString(SplittableRandom random) {
    int length = random.nextInt(12);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  private static String buildAlphabet() {
    StringBuilder s = new StringBuilder();
    for (char ch = 0; ch < 0x80; ch++) {
      s.append(ch);
    }
    return s.append("éñß€Ωж中\u2028\u2029\u007f\u0080\u009f").append("😀").append('\ud800').toString();
  }
}
