package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.TierConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigFileTest {

  @TempDir
  Path dir;

  @Test
  void writtenConfigLoadsWithEveryChannelAndAgent() throws Exception {
    GatewayConfigFile file = new GatewayConfigFile(18080, dir, 3, 50, true,
        new GatewayConfigFile.SmsSection("tok"), new GatewayConfigFile.EmailSection("support@bench.test", 3143, "support", "pw"));

    GatewayConfig config = ConfigLoader.load(file.write(), Map.of());

    assertThat(config.server().port()).isEqualTo(18080);
    assertThat(config.server().host()).isEqualTo("127.0.0.1");
    assertThat(config.storage().sqlite()).isEqualTo(file.sqliteFile());
    assertThat(config.channels().chat()).isNotNull();
    assertThat(config.channels().sms().authToken().reveal()).isEqualTo("tok");
    assertThat(config.channels().email().imap().port()).isEqualTo(3143);
    assertThat(config.agents()).hasSize(3);
    assertThat(config.agents().get(2).tokenSha256())
        .isEqualTo(GatewayConfigFile.sha256Hex(GatewayConfigFile.agentToken(2)));
    assertThat(config.agents().get(0).capacity()).containsEntry("chat", 50);
  }

  @Test
  void configWithoutChannelsOrAgentsLoads() throws Exception {
    GatewayConfigFile file = new GatewayConfigFile(18081, dir, 0, 1, false, null, null);

    GatewayConfig config = ConfigLoader.load(file.write(), Map.of());

    assertThat(config.channels().chat()).isNull();
    assertThat(config.agents()).isEmpty();
  }

  @Test
  void surgeConfigMakesMessagesWithTheUrgentWordVip() throws Exception {
    GatewayConfigFile file = new GatewayConfigFile(18082, dir, 2, 3, false,
        new GatewayConfigFile.SmsSection("tok"), null, GatewayConfigFile.Tiers.URGENT_VIP);

    GatewayConfig config = ConfigLoader.load(file.write(), Map.of());

    assertThat(config.routing().tiers()).extracting(TierConfig::name).containsExactly("vip", "standard");
    assertThat(config.routing().rules().get(0).tier()).isEqualTo("vip");
    assertThat(config.routing().rules().get(0).when()).containsEntry("text", "(?i)" + GatewayConfigFile.URGENT_WORD);
    assertThat(config.agents().get(1).tiers()).containsExactly("vip", "standard");
    assertThat(config.agents().get(1).capacity()).containsEntry("sms", 3);
  }

  @Test
  void smsSendsPerSecondBecomesTheOutboxPacing() throws Exception {
    GatewayConfigFile paced = new GatewayConfigFile(18083, dir, 0, 1, false,
        new GatewayConfigFile.SmsSection("tok", "http://127.0.0.1:9").pacedAt(100), null);
    GatewayConfigFile unpaced = new GatewayConfigFile(18084, dir.resolve("u"), 0, 1, false,
        new GatewayConfigFile.SmsSection("tok"), null);

    assertThat(ConfigLoader.load(paced.write(), Map.of()).channels().sms().sendsPerSecond()).isEqualTo(100.0);
    assertThat(ConfigLoader.load(unpaced.write(), Map.of()).channels().sms().sendsPerSecond()).isNull();
  }

  @Test
  void smsSendsPerSecondMustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GatewayConfigFile.SmsSection("tok").pacedAt(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendsPerSecond");
  }
}
