package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzes loading {@code gateway.yaml} from any text. The contract: the loader returns a configuration or
 * throws {@link ConfigException} listing at least one problem, each with a message an admin can act on.
 * Any other exception (a parser's own, NPE, class cast, stack overflow on deep nesting) or a hang is a
 * finding. Seeds: {@code ConfigLoaderFuzzTestInputs/}; when fuzzing, also every YAML fixture of the module.
 */
class ConfigLoaderFuzzTest {

  private static final Map<String, String> ENV = Map.of(
      "SWITCHBOARD_ADMIN_TOKEN", "admin-token", "TWILIO_AUTH_TOKEN", "twilio-token", "SMTP_PASSWORD", "pw");

  @FuzzTest
  void loadsOrListsItsProblems(byte[] input) {
    String yaml = new String(input, StandardCharsets.UTF_8);
    GatewayConfig config;
    try {
      config = ConfigLoader.parse(yaml, "gateway.yaml", Path.of("target"), ENV);
    } catch (ConfigException e) {
      assertThat(e.problems()).isNotEmpty();
      assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
      return;
    }
    assertThat(config).isNotNull();
  }
}
