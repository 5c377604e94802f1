package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInterpolationTest {

  private final EnvInterpolation env = new EnvInterpolation(Map.of("HOST", "db.internal", "EMPTY", "", "PORT", "5432"));

  @Test
  void textWithoutReferencesIsLeftAlone() {
    assertThat(env.resolve("plain $ text")).isEqualTo(new EnvInterpolation.Result("plain $ text", false, List.of()));
  }

  @Test
  void referencesAreReplacedInsideText() {
    assertThat(env.resolve("jdbc:postgresql://${HOST}:${PORT}/sb").value()).isEqualTo("jdbc:postgresql://db.internal:5432/sb");
    assertThat(env.resolve("${HOST}").substituted()).isTrue();
  }

  @Test
  void defaultAppliesToUnsetAndEmptyVariablesOnly() {
    assertThat(env.resolve("${MISSING:-fallback}").value()).isEqualTo("fallback");
    assertThat(env.resolve("${EMPTY:-fallback}").value()).isEqualTo("fallback");
    assertThat(env.resolve("${HOST:-fallback}").value()).isEqualTo("db.internal");
    assertThat(env.resolve("${MISSING:-}").value()).isEmpty();
  }

  @Test
  void setButEmptyVariableWithoutDefaultIsEmpty() {
    assertThat(env.resolve("${EMPTY}")).isEqualTo(new EnvInterpolation.Result("", true, List.of()));
  }

  @Test
  void doubledDollarWritesALiteralReference() {
    assertThat(env.resolve("$${HOST} is ${HOST}").value()).isEqualTo("${HOST} is db.internal");
  }

  @Test
  void everyMissingVariableIsNamed() {
    assertThat(env.resolve("${A}-${HOST}-${B}").problems()).containsExactly(
        "environment variable A is not set (or write ${A:-default})",
        "environment variable B is not set (or write ${B:-default})");
  }

  @Test
  void malformedReferencesAreProblems() {
    assertThat(env.resolve("${not a name}").problems())
        .containsExactly("bad environment variable reference ${not a name}; write ${NAME} or ${NAME:-default}");
    assertThat(env.resolve("abc ${HOST").problems())
        .containsExactly("unterminated ${ in value; write ${NAME} or ${NAME:-default}");
  }
}
