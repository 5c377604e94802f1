package dev.switchboard.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.testing.GatewayExtension;
import dev.switchboard.core.testing.LogCapture;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an outsider can send to the Twilio webhooks of a running gateway, over HTTP, with the logs read as
 * an operator would read them (a real logback pattern layout): refused, counted, and logged as one safe
 * summary line that repeats nothing the sender wrote.
 */
class SmsHostileInputTest {

  /** Text that would start a fake log line if it reached the log unescaped. */
  private static final String FORGED_LINE = "ERROR dev.switchboard.core.admin - admin token accepted for mallory";

  @RegisterExtension
  static final GatewayExtension gateway = GatewayExtension.yaml("""
      server: { publicUrl: "%s" }
      channels:
        sms:
          accountSid: "%s"
          authToken: "${TWILIO_AUTH_TOKEN}"
          numbers: ["%s"]
          apiBaseUrl: "http://127.0.0.1:9"
      """.formatted(TestConfigs.PUBLIC_URL, FakeTwilioApi.ACCOUNT_SID, TestConfigs.OUR_NUMBER))
      .env(Map.of("TWILIO_AUTH_TOKEN", FakeTwilioApi.AUTH_TOKEN))
      .adapters(new SmsChannelAdapter())
      .build();

  private static final TwilioWebhooks webhooks = new TwilioWebhooks(gateway);

  private static double counter(String name) {
    var c = gateway.gateway().meters().find(name).counter();
    return c == null ? 0 : c.count();
  }

  private static void assertNoForgedLine(List<String> lines) {
    assertThat(lines).noneMatch(l -> l.startsWith("ERROR dev.switchboard.core.admin"));
    assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("mallory"));
  }

  @Test
  void aFieldNameWithEncodedLineBreaksCannotForgeALogLine() throws Exception {
    String name = java.net.URLEncoder.encode("x\r\n" + FORGED_LINE + "\n", java.nio.charset.StandardCharsets.UTF_8);
    String form = "Body=hi&" + name + "=1&" + name + "=2"; // given twice: refused before the signature check
    double before = counter("switchboard.sms.malformed");

    HttpResponse<String> r;
    List<String> lines;
    try (LogCapture logs = LogCapture.start()) {
      r = webhooks.send(SmsSettings.INBOUND_PATH, form, Optional.of("bogus"));
      lines = logs.lines();
    }

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\":\"malformed_form\"");
    assertThat(counter("switchboard.sms.malformed")).isEqualTo(before + 1);
    assertNoForgedLine(lines);
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .startsWith("WARN dev.switchboard.sms.WebhookGuard - Refused Twilio webhook \"/sms/twilio/inbound\"")
        .contains("malformed form (REPEATED_FIELD)"));
  }

  @Test
  void anUnsignedFormWithLineBreaksInEveryFieldIsLoggedAsASummaryOnly() throws Exception {
    Map<String, String> fields = TwilioWebhooks.sms("SM\r\n" + FORGED_LINE, "+1555\n" + FORGED_LINE,
        TestConfigs.OUR_NUMBER, "hello\r\n" + FORGED_LINE);
    fields.put("x\n" + FORGED_LINE, "\u2028" + FORGED_LINE);
    double before = counter("switchboard.sms.forged");

    HttpResponse<String> inbound;
    HttpResponse<String> status;
    List<String> lines;
    try (LogCapture logs = LogCapture.start()) {
      inbound = webhooks.post(SmsSettings.INBOUND_PATH, fields, "guessed-token");
      status = webhooks.send(SmsSettings.STATUS_PATH, TwilioSigner.form(fields), Optional.empty());
      lines = logs.lines();
    }

    assertThat(inbound.statusCode()).isEqualTo(403);
    assertThat(status.statusCode()).isEqualTo(403);
    assertThat(counter("switchboard.sms.forged")).isEqualTo(before + 2);
    assertNoForgedLine(lines);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("X-Twilio-Signature does not match"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("no X-Twilio-Signature"));
  }

  @Test
  void aSignedStatusCallbackWithLineBreaksInItsSidIsLoggedEscaped() throws Exception {
    Map<String, String> fields = TwilioWebhooks.status("SM\r\n" + FORGED_LINE, "accepted-by-nobody", null);

    HttpResponse<String> r;
    List<String> lines;
    ch.qos.logback.classic.Logger handlerLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
        .getLogger(StatusCallbackHandler.class);
    ch.qos.logback.classic.Level level = handlerLog.getLevel();
    handlerLog.setLevel(ch.qos.logback.classic.Level.DEBUG); // the unknown status is logged at DEBUG
    try (LogCapture logs = LogCapture.start()) {
      r = webhooks.status(fields);
      lines = logs.lines();
    } finally {
      handlerLog.setLevel(level);
    }

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("DEBUG " + StatusCallbackHandler.class.getName())
        .contains("\\r\\n" + FORGED_LINE.substring(0, 20)));
    assertThat(lines).noneMatch(l -> l.startsWith("ERROR dev.switchboard.core.admin"));
  }
}
