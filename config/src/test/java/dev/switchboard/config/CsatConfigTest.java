package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code csat}: how it binds, its defaults, and every problem of one wrong section reported at once. */
class CsatConfigTest {

  @Test
  void bindsTheSurveySettings() {
    GatewayConfig config = ConfigLoader.parse("""
        csat: { enabled: true, question: "Happy?", channels: [chat, sms], delay: 10m, window: 2d }
        """, "gateway.yaml", Path.of("."), Map.of());
    assertThat(config.csat()).isEqualTo(
        new CsatConfig(true, "Happy?", List.of("chat", "sms"), Duration.ofMinutes(10), Duration.ofDays(2)));
    assertThat(config.csat().asks("sms")).isTrue();
    assertThat(config.csat().asks("email")).isFalse();
  }

  @Test
  void surveysAreOffByDefaultAndAskEveryChannelOnceEnabled() {
    CsatConfig none = ConfigLoader.parse("server: {}\n", "gateway.yaml", Path.of("."), Map.of()).csat();
    assertThat(none.enabled()).isFalse();
    assertThat(none.asks("chat")).isFalse();
    CsatConfig on = ConfigLoader.parse("csat: { enabled: true }\n", "gateway.yaml", Path.of("."), Map.of()).csat();
    assertThat(on.channels()).containsExactly("email", "sms", "chat");
    assertThat(on.delay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(on.window()).isEqualTo(Duration.ofDays(3));
    assertThat(on.question()).isEqualTo(CsatConfig.DEFAULT_QUESTION);
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsLine() {
    assertThat(Fixtures.lines("csat-all-at-once.yaml")).containsExactly(
        "gateway.yaml:3:13: csat.question: the survey question is empty",
        "gateway.yaml:4:20: csat.channels[1]: unknown channel `mail`, did you mean `email`?",
        "gateway.yaml:4:26: csat.channels[2]: channel `chat` is listed twice",
        "gateway.yaml:4:32: csat.channels[3]: unknown channel `fax`, expected one of: email, sms, chat",
        "gateway.yaml:6:11: csat.window: must be greater than zero, got \"0s\"",
        "gateway.yaml:7:3: csat.delya: unknown key, did you mean `delay`?");
  }

  @Test
  void emailSurveysInAClusterNeedTheLinkSecretEveryNodeShares() {
    String cluster = """
        storage: { postgres: { url: "jdbc:postgresql://db/switchboard" } }
        cluster: { enabled: true, nodeId: gw-a, advertiseUrl: "http://10.0.0.5:8080" }
        csat: { enabled: true, channels: [chat, email] }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(cluster, "gateway.yaml", Path.of("."), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
            .containsExactly("gateway.yaml:3:18: csat.enabled: e-mail surveys in cluster mode need server.linkSecret, "
                + "the same on every node (a survey link signed by one node is refused by the others)"));
    // with the secret, or without e-mail surveys, or on one node: fine
    assertThat(ConfigLoader.parse("server: { linkSecret: shared-secret }\n" + cluster, "gateway.yaml", Path.of("."),
        Map.of()).csat().asks("email")).isTrue();
    assertThat(ConfigLoader.parse(cluster.replace("[chat, email]", "[chat, sms]"), "gateway.yaml", Path.of("."),
        Map.of()).csat().asks("chat")).isTrue();
    assertThat(ConfigLoader.parse(cluster.replace("enabled: true, nodeId", "enabled: false, nodeId"), "gateway.yaml",
        Path.of("."), Map.of()).csat().asks("email")).isTrue();
  }
}
