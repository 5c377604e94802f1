package dev.switchboard.sms;

import dev.switchboard.config.ChannelsConfig;
import dev.switchboard.config.DataSize;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.config.ServerConfig;
import dev.switchboard.config.SmsConfig;
import java.net.URI;
import java.util.List;

/** Gateway configs with an SMS section for tests. */
final class TestConfigs {

  static final String OUR_NUMBER = "+15550001111";
  static final String OTHER_NUMBER = "+15550002222";
  static final String CUSTOMER = "+15557654321";
  static final String PUBLIC_URL = "https://support.example.com";
  static final String HELP = "Support & Co: reply with your question. Text STOP to opt out.";

  private TestConfigs() {}

  static SmsConfig sms(URI apiBase, DataSize maxMedia) {
    return new SmsConfig(FakeTwilioApi.ACCOUNT_SID, new Secret(FakeTwilioApi.AUTH_TOKEN),
        List.of(OUR_NUMBER, OTHER_NUMBER), apiBase, HELP, maxMedia, null, null, null);
  }

  static GatewayConfig gateway(String publicUrl, SmsConfig sms) {
    return new GatewayConfig(new ServerConfig(null, null, URI.create(publicUrl), null, null, null), null, null,
        new ChannelsConfig(null, sms, null), null, null, null);
  }

  static SmsSettings settings(URI apiBase) {
    return SmsSettings.from(gateway(PUBLIC_URL, sms(apiBase, DataSize.ofKilobytes(64))));
  }
}
