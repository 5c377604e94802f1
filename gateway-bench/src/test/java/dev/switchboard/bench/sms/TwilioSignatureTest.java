package dev.switchboard.bench.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import dev.switchboard.bench.Senders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

  @Test
  void signatureIsAcceptedByTheTwilioSdksValidator() {
    Map<String, String> form = Map.of("MessageSid", "SM123", "From", "+15550000001", "Body", "hé & done = ok");
    String url = "http://127.0.0.1:8080/sms/twilio/inbound";

    String signature = new TwilioSignature("secret-token").sign(url, form);

    assertThat(new RequestValidator("secret-token").validate(url, form, signature)).isTrue();
    assertThat(new RequestValidator("other-token").validate(url, form, signature)).isFalse();
  }

  @Test
  void everyWebhookHasANewMessageSidAndAValidSignatureOverItsForm() {
    SmsWebhooks webhooks = new SmsWebhooks("tok", "http://127.0.0.1:9999", 9999, new Senders.Reused(10));
    FullHttpRequest first = webhooks.request(1);
    FullHttpRequest second = webhooks.request(2);
    try {
      Map<String, String> a = form(first);
      Map<String, String> b = form(second);

      assertThat(a.get("MessageSid")).isNotEqualTo(b.get("MessageSid")).matches("SM[0-9a-f]{32}");
      assertThat(new RequestValidator("tok").validate("http://127.0.0.1:9999/sms/twilio/inbound", a,
          first.headers().get("X-Twilio-Signature"))).isTrue();
    } finally {
      first.release();
      second.release();
    }
  }

  private static Map<String, String> form(FullHttpRequest request) {
    QueryStringDecoder decoder = new QueryStringDecoder(request.content().toString(StandardCharsets.UTF_8), false);
    Map<String, String> form = new HashMap<>();
    decoder.parameters().forEach((k, v) -> form.put(k, v.get(0)));
    return form;
  }
}
