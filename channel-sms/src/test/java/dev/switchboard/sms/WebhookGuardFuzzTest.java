package dev.switchboard.sms;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the door of the Twilio webhooks: the form parser and the signature check together, as a request
 * reaches them. An input is three parts split at the first two newlines: the {@code X-Twilio-Signature}
 * header, the request path and query, and the form body (seeds: {@code WebhookGuardFuzzTestInputs/}, one
 * of them correctly signed). The contract: every request gets a verdict; a refusal carries a reason; a
 * request is only accepted with the signature Twilio would have made for exactly that URL and those fields.
 * An exception or a hang is a finding.
 */
class WebhookGuardFuzzTest {

  private static final SmsSettings SETTINGS = TestConfigs.settings(URI.create("http://127.0.0.1:9"));

  private final WebhookGuard guard = new WebhookGuard(SETTINGS, new SmsMetrics(new SimpleMeterRegistry()));

  @FuzzTest
  void everyRequestGetsAVerdictAndOnlyTwilioSignedOnesPass(byte[] input) {
    int first = indexOf(input, 0);
    int second = first < 0 ? -1 : indexOf(input, first + 1);
    String signature = first < 0 ? "" : utf8(Arrays.copyOfRange(input, 0, first));
    String uri = second < 0 ? SmsSettings.INBOUND_PATH : utf8(Arrays.copyOfRange(input, first + 1, second));
    byte[] body = Arrays.copyOfRange(input, second < 0 ? (first < 0 ? 0 : first + 1) : second + 1, input.length);
    TestRequest request = new TestRequest(uri, Map.of(
        "Content-Type", "application/x-www-form-urlencoded",
        "X-Twilio-Signature", signature), body);

    WebhookGuard.Verdict verdict = guard.check(request);

    assertThat(verdict).isNotNull();
    if (verdict instanceof WebhookGuard.Verdict.Accepted accepted) {
      assertThat(accepted.fields()).isEqualTo(WebhookForm.parse(body));
      assertThat(signature)
          .isEqualTo(TwilioSigner.sign(FakeTwilioApi.AUTH_TOKEN, SETTINGS.signedUrl(uri), accepted.fields()));
    } else if (verdict instanceof WebhookGuard.Verdict.Malformed malformed) {
      assertThat(malformed.message()).isNotBlank();
      assertThat(WebhookGuard.refusal(verdict).status()).isEqualTo(400);
    } else {
      assertThat(((WebhookGuard.Verdict.Forged) verdict).signature()).isNotNull();
      assertThat(WebhookGuard.refusal(verdict).status()).isEqualTo(403);
    }
  }

  /** The signed seeds must pass, or the fuzzer would never reach the code behind an accepted signature. */
  @Test
  void theSignedSeedsAreAccepted() throws IOException {
    for (String seed : new String[] {"signed-inbound", "signed-status-with-query"}) {
      byte[] input;
      try (InputStream in = getClass().getResourceAsStream(
          "WebhookGuardFuzzTestInputs/everyRequestGetsAVerdictAndOnlyTwilioSignedOnesPass/" + seed)) {
        input = in.readAllBytes();
      }
      String[] parts = new String(input, UTF_8).split("\n", 3);
      TestRequest request = new TestRequest(parts[1], Map.of(
          "Content-Type", "application/x-www-form-urlencoded", "X-Twilio-Signature", parts[0]),
          parts[2].getBytes(UTF_8));

      assertThat(guard.check(request)).as(seed).isInstanceOf(WebhookGuard.Verdict.Accepted.class);
    }
  }

  private static int indexOf(byte[] input, int from) {
    for (int i = from; i < input.length; i++) {
      if (input[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, UTF_8);
  }
}
