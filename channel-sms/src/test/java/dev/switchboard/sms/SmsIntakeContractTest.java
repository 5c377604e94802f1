package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.core.testing.ChannelAdapterContract;
import dev.switchboard.core.testing.GatewayExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The intake contract for SMS: a signed Twilio webhook per message; 200 acknowledges, 503 makes Twilio retry. */
class SmsIntakeContractTest implements ChannelAdapterContract {

  private static final FakeTwilioApi twilio = startTwilio();

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      server: { publicUrl: "https://support.example.com" }
      channels:
        sms:
          accountSid: "%s"
          authToken: "${TWILIO_AUTH_TOKEN}"
          numbers: ["%s"]
          apiBaseUrl: "%s"
      """.formatted(FakeTwilioApi.ACCOUNT_SID, TestConfigs.OUR_NUMBER, twilio.baseUrl()))
      .env(Map.of("TWILIO_AUTH_TOKEN", FakeTwilioApi.AUTH_TOKEN))
      .adapters(new SmsChannelAdapter())
      .build();

  private static final TwilioWebhooks webhooks = new TwilioWebhooks(gateway);

  @AfterAll
  static void stopTwilio() {
    twilio.close();
  }

  @Override
  public SourceAnswer deliver(String key, String text) throws Exception {
    // A MessageSid is SM and 32 hex digits; the key is k and 32 hex digits.
    String sid = "SM" + key.substring(1);
    HttpResponse<String> r = webhooks.inbound(TwilioWebhooks.sms(sid, TestConfigs.CUSTOMER, TestConfigs.OUR_NUMBER, text));
    return switch (r.statusCode()) {
      case 200 -> SourceAnswer.ACKNOWLEDGED;
      case 503 -> SourceAnswer.REFUSED;
      default -> fail("webhook answered %s: %s", r.statusCode(), r.body());
    };
  }

  @Override
  public Path database() {
    return gateway.dir().resolve("data/switchboard.db");
  }

  private static FakeTwilioApi startTwilio() {
    try {
      return new FakeTwilioApi();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
