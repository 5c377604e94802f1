package dev.switchboard.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void lineBreaksOfEveryKindAreWrittenAsEscapes() {
    String forged = "x\r\n2026-01-01 ERROR admin logged in\u0085\u2028\u2029\u000b\f";
    String quoted = LogSafe.quote(forged);
    assertThat(quoted).doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029", "\u000b", "\f")
        .isEqualTo("\"x\\r\\n2026-01-01 ERROR admin logged in\\u0085\\u2028\\u2029\\u000b\\u000c\"");
  }

  @Test
  void quotesBackslashesAndBidiControlsCannotFakeTheEndOfTheValue() {
    assertThat(LogSafe.quote("a\" b\\ \u202eevil")).isEqualTo("\"a\\\" b\\\\ \\u202eevil\"");
  }

  @Test
  void ordinaryTextIsKeptAsIs() {
    assertThat(LogSafe.quote("Grüße 👋 +15550001111")).isEqualTo("\"Grüße 👋 +15550001111\"");
  }

  @Test
  void longTextIsCutAndTheRestCounted() {
    String quoted = LogSafe.quote("a".repeat(LogSafe.MAX_CHARS + 50));
    assertThat(quoted).hasSize(LogSafe.MAX_CHARS + 2 + "...(50 more chars)".length())
        .endsWith("...(50 more chars)");
  }

  @Test
  void nullIsShownAsNull() {
    assertThat(LogSafe.quote(null)).isEqualTo("null");
  }
}
