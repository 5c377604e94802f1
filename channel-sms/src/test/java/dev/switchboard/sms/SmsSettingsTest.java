package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.DataSize;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SmsConfig;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmsSettingsTest {

  @Test
  void signsAndCallsBackOnThePublicUrl() {
    SmsSettings s = SmsSettings.from(TestConfigs.gateway("https://support.example.com/",
        TestConfigs.sms(null, null)));

    assertThat(s.signedUrl("/sms/twilio/inbound")).isEqualTo("https://support.example.com/sms/twilio/inbound");
    assertThat(s.statusCallback()).isEqualTo(URI.create("https://support.example.com/sms/twilio/status"));
    assertThat(s.usesTwilioApi()).isTrue();
    assertThat(s.maxMediaBytes()).isEqualTo(5L * 1024 * 1024);
  }

  @Test
  void listsEveryProblemAtOnce() {
    SmsConfig bad = new SmsConfig(null, null, List.of("5550001111"), URI.create("ftp://files.example.com/x"), null,
        DataSize.ofKilobytes(0), null, null, null);

    assertThatThrownBy(() -> SmsSettings.from(TestConfigs.gateway("https://support.example.com", bad)))
        .hasMessageContaining("channels.sms.accountSid")
        .hasMessageContaining("channels.sms.authToken")
        .hasMessageContaining("channels.sms.numbers: 5550001111")
        .hasMessageContaining("channels.sms.apiBaseUrl")
        .hasMessageContaining("channels.sms.maxMediaSize");
  }

  @Test
  void apiBaseWithAPathIsRefusedBecauseOnlySchemeHostAndPortAreReplaced() {
    SmsConfig withPath = TestConfigs.sms(URI.create("https://twilio-proxy.example.com/api"), null);

    assertThatThrownBy(() -> SmsSettings.from(TestConfigs.gateway("https://support.example.com", withPath)))
        .hasMessageContaining("channels.sms.apiBaseUrl");
  }

  @Test
  void neverShowsTheAuthToken() {
    SmsSettings s = TestConfigs.settings(URI.create("http://127.0.0.1:1"));
    SmsConfig config = new SmsConfig("AC1", new Secret("s3cret-token"), null, null, null, null, null, null, null);

    assertThat(s.toString()).doesNotContain(FakeTwilioApi.AUTH_TOKEN);
    assertThat(config.toString()).doesNotContain("s3cret-token");
  }
}
