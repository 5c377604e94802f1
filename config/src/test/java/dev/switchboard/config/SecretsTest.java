package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void configToStringNeverShowsASecret() {
    String text = Fixtures.parse("valid-full.yaml", Fixtures.ENV).toString();
    assertThat(text).contains("******");
    Fixtures.SECRETS.forEach(secret -> assertThat(text).doesNotContain(secret));
  }

  @Test
  void problemsShowTheReferenceNotTheValueOfASubstitutedVariable() {
    String yaml = "server: { port: \"${TWILIO_AUTH_TOKEN}\" }\nadmin: { tokens: [\"${SWITCHBOARD_ADMIN_TOKEN}\", {x: 1}] }\n";
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml, "gateway.yaml", Path.of("."), Fixtures.ENV));
    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
        "gateway.yaml:1:17: server.port: expected a whole number, got \"${TWILIO_AUTH_TOKEN}\"",
        "gateway.yaml:2:49: admin.tokens[1]: expected a secret, got a mapping");
    Fixtures.SECRETS.forEach(secret -> assertThat(e.getMessage()).doesNotContain(secret));
  }

  @Test
  void malformedYamlDoesNotQuoteTheOffendingLine() {
    String yaml = "channels:\n  sms: { accountSid: AC1, authToken: hunter2-literal\n";
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml, "gateway.yaml", Path.of("."), Map.of()));
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }
}
