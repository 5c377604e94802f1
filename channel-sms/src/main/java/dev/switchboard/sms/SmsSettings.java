package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SmsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * The SMS channel's settings, checked once at start: the Twilio account, our numbers, where the REST
 * API is, and the public URL that Twilio signs and calls back.
 */
record SmsSettings(
    String accountSid,
    Secret authToken,
    List<String> numbers,
    URI apiBaseUrl,
    URI publicUrl,
    String helpText,
    long maxMediaBytes,
    Duration requestTimeout) {

  static final URI TWILIO_API = URI.create("https://api.twilio.com");
  static final String INBOUND_PATH = "/sms/twilio/inbound";
  static final String STATUS_PATH = "/sms/twilio/status";

  SmsSettings {
    requireNonNull(accountSid, "accountSid");
    requireNonNull(authToken, "authToken");
    numbers = List.copyOf(numbers);
    requireNonNull(apiBaseUrl, "apiBaseUrl");
    requireNonNull(publicUrl, "publicUrl");
    requireNonNull(helpText, "helpText");
    if (maxMediaBytes < 1) {
      throw new IllegalArgumentException("maxMediaBytes: " + maxMediaBytes + " (expected: > 0)");
    }
  }

  /** Reads {@code channels.sms} and {@code server.publicUrl}; every problem is reported at once. */
  static SmsSettings from(GatewayConfig config) {
    SmsConfig sms = requireNonNull(config.channels().sms(), "channels.sms");
    List<String> problems = new ArrayList<>();
    if (sms.accountSid() == null || sms.accountSid().isBlank()) {
      problems.add("channels.sms.accountSid is missing");
    }
    if (sms.authToken() == null || sms.authToken().reveal().isBlank()) {
      problems.add("channels.sms.authToken is missing");
    }
    for (String n : sms.numbers()) {
      if (n == null || !n.matches("\\+[1-9]\\d{1,14}")) {
        problems.add("channels.sms.numbers: " + n + " (expected: an E.164 number like +15550001111)");
      }
    }
    URI api = sms.apiBaseUrl();
    if (!isHttpOrigin(api)) {
      problems.add("channels.sms.apiBaseUrl: " + api
          + " (expected: http(s)://host[:port] with no path, query or user info)");
    }
    URI publicUrl = config.server().publicUrl();
    if (!isHttp(publicUrl) || publicUrl.getRawQuery() != null) {
      problems.add("server.publicUrl: " + publicUrl + " (expected: the http(s) URL Twilio calls, no query)");
    }
    if (sms.maxMediaSize().bytes() < 1) {
      problems.add("channels.sms.maxMediaSize: " + sms.maxMediaSize().bytes() + " bytes (expected: > 0)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("SMS channel: " + String.join("; ", problems));
    }
    return new SmsSettings(sms.accountSid().strip(), sms.authToken(), sms.numbers(), api,
        withoutTrailingSlash(publicUrl), sms.helpText(), sms.maxMediaSize().bytes(), sms.requestTimeout());
  }

  /** The URL Twilio signs for a request to {@code uri} (path and query as sent): public URL + uri. */
  String signedUrl(String uri) {
    return publicUrl + uri;
  }

  /**
   * The number a reply in the thread {@code threadKey} goes from: ours in the key, or for a thread of
   * another shape (a proactive one) the first configured number.
   */
  Optional<String> senderFor(String threadKey) {
    return ThreadKey.ourNumber(threadKey).or(() -> numbers.stream().findFirst());
  }

  /** Where Twilio posts delivery updates for the messages we send. */
  URI statusCallback() {
    return URI.create(publicUrl + STATUS_PATH);
  }

  boolean usesTwilioApi() {
    return apiBaseUrl.equals(TWILIO_API);
  }

  private static boolean isHttp(URI uri) {
    if (uri == null || uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }

  private static boolean isHttpOrigin(URI uri) {
    return isHttp(uri)
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null;
  }

  private static URI withoutTrailingSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
  }

  @Override
  public String toString() {
    // Spelled out so the auth token can never reach a log through this record.
    return "SmsSettings[accountSid=" + accountSid + ", numbers=" + numbers + ", apiBaseUrl=" + apiBaseUrl
        + ", publicUrl=" + publicUrl + "]";
  }
}
