package dev.switchboard.sms;

import dev.switchboard.core.testing.GatewayExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Twilio's two webhooks as Twilio posts them to a test gateway whose public URL is {@link TestConfigs#PUBLIC_URL}. */
final class TwilioWebhooks {

  private final GatewayExtension gateway;

  TwilioWebhooks(GatewayExtension gateway) {
    this.gateway = gateway;
  }

  /** The fields of an inbound SMS, in Twilio's order. */
  static Map<String, String> sms(String sid, String from, String to, String body) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("ToCountry", "US");
    f.put("SmsMessageSid", sid);
    f.put("NumMedia", "0");
    f.put("SmsSid", sid);
    f.put("SmsStatus", "received");
    f.put("Body", body);
    f.put("To", to);
    f.put("NumSegments", "1");
    f.put("MessageSid", sid);
    f.put("AccountSid", FakeTwilioApi.ACCOUNT_SID);
    f.put("From", from);
    f.put("ApiVersion", "2010-04-01");
    return f;
  }

  /** The fields of a status callback. */
  static Map<String, String> status(String sid, String status, String errorCode) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("MessageSid", sid);
    f.put("SmsSid", sid);
    f.put("MessageStatus", status);
    f.put("SmsStatus", status);
    f.put("AccountSid", FakeTwilioApi.ACCOUNT_SID);
    f.put("From", TestConfigs.OUR_NUMBER);
    f.put("ApiVersion", "2010-04-01");
    if (errorCode != null) {
      f.put("ErrorCode", errorCode);
    }
    return f;
  }

  /** POSTs {@code fields} to {@code path}, signed for the public URL with {@code authToken}. */
  HttpResponse<String> post(String path, Map<String, String> fields, String authToken) throws Exception {
    String signature = TwilioSigner.sign(authToken, TestConfigs.PUBLIC_URL + path, fields);
    return send(path, TwilioSigner.form(fields), Optional.of(signature));
  }

  /** POSTs a signed inbound SMS. */
  HttpResponse<String> inbound(Map<String, String> fields) throws Exception {
    return post(SmsSettings.INBOUND_PATH, fields, FakeTwilioApi.AUTH_TOKEN);
  }

  /** POSTs a signed status callback. */
  HttpResponse<String> status(Map<String, String> fields) throws Exception {
    return post(SmsSettings.STATUS_PATH, fields, FakeTwilioApi.AUTH_TOKEN);
  }

  /** POSTs a form body as given, with or without a signature header. */
  HttpResponse<String> send(String path, String form, Optional<String> signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    signature.ifPresent(s -> b.header("X-Twilio-Signature", s));
    return gateway.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
