package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookGuardTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final SmsSettings settings = TestConfigs.settings(URI.create("http://127.0.0.1:9"));
  private final WebhookGuard guard = new WebhookGuard(settings, new SmsMetrics(meters));

  private static Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
    f.put("AccountSid", FakeTwilioApi.ACCOUNT_SID);
    f.put("From", TestConfigs.CUSTOMER);
    f.put("To", TestConfigs.OUR_NUMBER);
    f.put("Body", "My router is down & blinking <red>");
    return f;
  }

  private double count(String name) {
    return meters.counter(name).count();
  }

  @Test
  void testSignerAgreesWithTheTwilioSdk() {
    String url = "https://support.example.com/sms/twilio/inbound";
    String signature = TwilioSigner.sign(FakeTwilioApi.AUTH_TOKEN, url, fields());
    assertThat(new RequestValidator(FakeTwilioApi.AUTH_TOKEN).validate(url, fields(), signature)).isTrue();
    assertThat(new RequestValidator("another-token").validate(url, fields(), signature)).isFalse();
  }

  @Test
  void requestSignedForThePublicUrlIsAccepted() {
    TestRequest request = TestRequest.signedForm(TestConfigs.PUBLIC_URL, SmsSettings.INBOUND_PATH,
        FakeTwilioApi.AUTH_TOKEN, fields());

    WebhookGuard.Verdict verdict = guard.check(request);

    assertThat(verdict).isEqualTo(new WebhookGuard.Verdict.Accepted(fields()));
    assertThat(count("switchboard.sms.forged")).isZero();
  }

  @Test
  void requestWithoutSignatureIsForgedAndCounted() {
    TestRequest request = new TestRequest(SmsSettings.INBOUND_PATH,
        Map.of("Content-Type", "application/x-www-form-urlencoded"),
        TwilioSigner.form(fields()).getBytes(StandardCharsets.UTF_8));

    assertThat(guard.check(request)).isInstanceOf(WebhookGuard.Verdict.Forged.class);
    assertThat(count("switchboard.sms.forged")).isEqualTo(1);
  }

  @Test
  void requestSignedWithAnotherTokenIsForged() {
    TestRequest request = TestRequest.signedForm(TestConfigs.PUBLIC_URL, SmsSettings.INBOUND_PATH,
        "not-our-token", fields());

    assertThat(guard.check(request)).isInstanceOf(WebhookGuard.Verdict.Forged.class);
  }

  @Test
  void bodyChangedAfterSigningIsForged() {
    TestRequest signed = TestRequest.signedForm(TestConfigs.PUBLIC_URL, SmsSettings.INBOUND_PATH,
        FakeTwilioApi.AUTH_TOKEN, fields());
    Map<String, String> tampered = new LinkedHashMap<>(fields());
    tampered.put("Body", "Refund me now");
    TestRequest request = new TestRequest(signed.path(), signed.headers(),
        TwilioSigner.form(tampered).getBytes(StandardCharsets.UTF_8));

    assertThat(guard.check(request)).isInstanceOf(WebhookGuard.Verdict.Forged.class);
  }

  @Test
  void signatureForTheInternalAddressIsNotTheOneTwilioMakes() {
    // Behind a TLS proxy the gateway sees http://10.0.0.5:8080/..., but Twilio signs the public URL.
    TestRequest request = TestRequest.signedForm("http://10.0.0.5:8080", SmsSettings.INBOUND_PATH,
        FakeTwilioApi.AUTH_TOKEN, fields());

    assertThat(guard.check(request)).isInstanceOf(WebhookGuard.Verdict.Forged.class);
  }

  @Test
  void signatureForAnotherPathIsForged() {
    TestRequest signedForStatus = TestRequest.signedForm(TestConfigs.PUBLIC_URL, SmsSettings.STATUS_PATH,
        FakeTwilioApi.AUTH_TOKEN, fields());
    TestRequest request = new TestRequest(SmsSettings.INBOUND_PATH, signedForStatus.headers(),
        signedForStatus.bodyBytes());

    assertThat(guard.check(request)).isInstanceOf(WebhookGuard.Verdict.Forged.class);
  }

  @Test
  void jsonBodyIsMalformedAndCounted() {
    TestRequest request = new TestRequest(SmsSettings.INBOUND_PATH,
        Map.of("Content-Type", "application/json", "X-Twilio-Signature", "x"),
        "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(guard.check(request)).isInstanceOf(WebhookGuard.Verdict.Malformed.class);
    assertThat(count("switchboard.sms.malformed")).isEqualTo(1);
  }

  @Test
  void brokenFormIsMalformedBeforeTheSignatureIsLookedAt() {
    TestRequest request = new TestRequest(SmsSettings.INBOUND_PATH,
        Map.of("Content-Type", "application/x-www-form-urlencoded"), "Body=%zz".getBytes(StandardCharsets.UTF_8));

    assertThat(guard.check(request)).isInstanceOf(WebhookGuard.Verdict.Malformed.class);
  }

  @Test
  void oversizedFormIsMalformed() {
    byte[] big = ("Body=" + "x".repeat(WebhookGuard.MAX_FORM_BYTES)).getBytes(StandardCharsets.UTF_8);
    TestRequest request = new TestRequest(SmsSettings.INBOUND_PATH,
        Map.of("Content-Type", "application/x-www-form-urlencoded"), big);

    assertThat(guard.check(request)).isInstanceOf(WebhookGuard.Verdict.Malformed.class);
  }
}
