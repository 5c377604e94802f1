package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads the YAML fixtures under {@code src/test/resources/config/}. */
final class Fixtures {

  static final String ADMIN_TOKEN = "admin-token-s3cr3t-value";
  static final String IMAP_PASSWORD = "imap-pw-s3cr3t-value";
  static final String SMTP_PASSWORD = "smtp-pw-s3cr3t-value";
  static final String TWILIO_TOKEN = "twilio-token-s3cr3t-value";

  /** The environment the fixtures expect: every secret they reference is set. */
  static final Map<String, String> ENV = Map.of(
      "SWITCHBOARD_ADMIN_TOKEN", ADMIN_TOKEN,
      "IMAP_PASSWORD", IMAP_PASSWORD,
      "SMTP_PASSWORD", SMTP_PASSWORD,
      "TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef",
      "TWILIO_AUTH_TOKEN", TWILIO_TOKEN);

  static final List<String> SECRETS = List.of(ADMIN_TOKEN, IMAP_PASSWORD, SMTP_PASSWORD, TWILIO_TOKEN);

  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/config/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no fixture " + name, e);
    }
  }

  static String text(String name) {
    try {
      return Files.readString(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a fixture as if it were {@code gateway.yaml} in its own directory. */
  static GatewayConfig parse(String name, Map<String, String> env) {
    return ConfigLoader.parse(text(name), "gateway.yaml", path(name).getParent(), env);
  }

  /** The problems a fixture must fail with. */
  static List<ConfigProblem> problems(String name) {
    return problems(name, ENV);
  }

  static List<ConfigProblem> problems(String name, Map<String, String> env) {
    ConfigException[] caught = new ConfigException[1];
    assertThatThrownBy(() -> parse(name, env))
        .isInstanceOfSatisfying(ConfigException.class, e -> caught[0] = e);
    return caught[0].problems();
  }

  static List<String> lines(String name) {
    return problems(name).stream().map(ConfigProblem::toString).toList();
  }
}
