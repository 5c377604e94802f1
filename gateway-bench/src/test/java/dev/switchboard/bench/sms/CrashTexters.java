package dev.switchboard.bench.sms;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.crash.RetryingSenders;
import dev.switchboard.bench.crash.SendersAndAgent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Customers texting in, as Twilio delivers their texts: signed inbound webhooks, one phone per thread,
 * one text at a time. A text is acknowledged by a 200; until then it is sent again, with the same
 * MessageSid, as Twilio retries a webhook that failed.
 */
public final class CrashTexters implements SendersAndAgent.Senders {

  /** One inbound text: its MessageSid and form. */
  private record Text(String sid, Map<String, String> form) {}

  private final String authToken;
  private final GatewayConfigFile config;
  private final RetryingSenders<Text> phones;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public CrashTexters(String authToken, int phones, GatewayConfigFile config) {
    this.authToken = authToken;
    this.config = config;
    this.phones = new RetryingSenders<>(phones, CrashTexters::text, Text::sid, "texting");
  }

  /** Starts one thread per phone against the gateway just started. */
  @Override
  public void begin(GatewayProcess gateway) {
    URI endpoint = URI.create("http://127.0.0.1:" + gateway.port() + SmsWebhooks.PATH);
    String signedUrl = config.publicUrl() + SmsWebhooks.PATH;
    TwilioSignature signature = new TwilioSignature(authToken);
    phones.begin((phone, text) -> send(endpoint, signedUrl, signature, text));
  }

  /** Stops the threads (the gateway is gone, so their requests fail at once). */
  @Override
  public void stop() throws InterruptedException {
    phones.stop();
  }

  @Override
  public void stopWriting() {
    phones.stopWriting();
  }

  /** Texts answered 200: MessageSid to body. */
  @Override
  public Map<String, String> acknowledged() {
    return phones.acknowledged();
  }

  @Override
  public int unacknowledged() {
    return phones.unacknowledged();
  }

  int refused() {
    return phones.refused();
  }

  private Optional<String> send(URI endpoint, String signedUrl, TwilioSignature signature, Text text)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature.sign(signedUrl, text.form()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(SmsWebhooks.encode(text.form())))
        .build();
    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    return status == 200 ? Optional.of(text.form().get("Body")) : Optional.empty();
  }

  private static Text text(int phone, long n) {
    String sid = String.format(Locale.ROOT, "SM%032x", n);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", sid);
    form.put("AccountSid", GatewayConfigFile.SMS_ACCOUNT);
    form.put("From", String.format(Locale.ROOT, "+1555%07d", phone));
    form.put("To", GatewayConfigFile.SMS_NUMBER);
    form.put("Body", "Customer " + phone + " texts message " + n);
    form.put("NumMedia", "0");
    form.put("NumSegments", "1");
    form.put("SmsStatus", "received");
    form.put("ApiVersion", "2010-04-01");
    return new Text(sid, form);
  }
}
