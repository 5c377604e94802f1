package dev.switchboard.server.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's Messages API as the real SDK calls it, on 127.0.0.1: records each message created and answers
 * with a queued message resource. Also signs webhooks as Twilio does ({@code X-Twilio-Signature}).
 */
public final class TwilioStandIn implements AutoCloseable {

  public static final String ACCOUNT_SID = "AC00000000000000000000000000000042";
  public static final String AUTH_TOKEN = "ops-auth-token-0123456789abcdef00";

  private final HttpServer server;
  private final List<Map<String, String>> sent = new CopyOnWriteArrayList<>();
  private final AtomicInteger sids = new AtomicInteger();

  public TwilioStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The form of every {@code Messages.json} request so far (To, From, Body). */
  public List<Map<String, String>> sent() {
    return sent;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json")) {
        reply(exchange, 404, "{\"code\":20404,\"message\":\"not found\",\"status\":404}");
        return;
      }
      Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      sent.add(form);
      String sid = String.format(Locale.ROOT, "SM%032x", sids.incrementAndGet());
      reply(exchange, 201, "{\"sid\":\"" + sid + "\",\"account_sid\":\"" + ACCOUNT_SID + "\",\"status\":\"queued\","
          + "\"direction\":\"outbound-api\",\"num_segments\":\"1\",\"num_media\":\"0\",\"api_version\":\"2010-04-01\","
          + "\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + ".json\"}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static Map<String, String> parse(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  /** Twilio's webhook signature: HMAC-SHA1 over the URL and the sorted fields, keyed by the auth token. */
  public static String signature(String url, Map<String, String> fields) {
    StringBuilder data = new StringBuilder(url);
    fields.keySet().stream().sorted().forEach(k -> data.append(k).append(fields.get(k)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return java.util.Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code sms:} section under {@code channels:} (indented by two) for a gateway that calls this stand-in. */
  public static String channelYaml(URI apiBaseUrl, String ourNumber) {
    return """
          sms:
            accountSid: "%s"
            authToken: "%s"
            numbers: ["%s"]
            apiBaseUrl: "%s"
        """.formatted(ACCOUNT_SID, AUTH_TOKEN, ourNumber, apiBaseUrl);
  }

  /**
   * An inbound SMS as Twilio posts it to the gateway at {@code gateway} (its base URL), signed for
   * {@code publicUrl}, the address Twilio was told to call.
   */
  public static HttpRequest inboundSms(URI gateway, String publicUrl, String from, String to, String text,
      String sid) {
    Map<String, String> form = new TreeMap<>(Map.of("MessageSid", sid, "AccountSid", ACCOUNT_SID, "From", from,
        "To", to, "Body", text, "NumMedia", "0"));
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return HttpRequest.newBuilder(gateway.resolve("/sms/twilio/inbound"))
        .timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature(publicUrl + "/sms/twilio/inbound", form))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
