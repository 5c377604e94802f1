package dev.switchboard.sms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small stand-in of Twilio's REST API on 127.0.0.1, port 0: records each request to
 * {@code Messages.json} and answers as Twilio does (a message resource, or Twilio's error body), and
 * serves MMS media behind HTTP basic auth, optionally through a redirect to a "CDN" path.
 */
final class FakeTwilioApi implements AutoCloseable {

  static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
  static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";

  /** One request as received; {@code idempotencyToken} is the {@code I-Twilio-Idempotency-Token} header. */
  record Recorded(String method, String path, Map<String, String> form, Optional<String> authorization,
      Optional<String> idempotencyToken) {}

  /** An error Twilio would answer with. */
  record Failure(int status, Integer code, String message) {}

  private record Media(String contentType, byte[] bytes, boolean viaCdn, boolean declareLength) {}

  private final HttpServer server;
  /** Twilio's media CDN: another origin, reached by redirect, without credentials. */
  private final HttpServer cdn;
  private volatile Failure always;
  private final List<Recorded> messageRequests = new CopyOnWriteArrayList<>();
  private final List<Recorded> mediaRequests = new CopyOnWriteArrayList<>();
  private final Deque<Failure> failures = new ConcurrentLinkedDeque<>();
  private final Map<String, Media> media = new ConcurrentHashMap<>();
  private final AtomicInteger sids = new AtomicInteger();
  private volatile Consumer<String> beforeAnswer = sid -> { };
  private volatile CountDownLatch stalled;
  private final List<String> created = new CopyOnWriteArrayList<>();

  FakeTwilioApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-twilio");
      t.setDaemon(true);
      return t;
    })); // a stalled request must not hold up the others
    server.start();
    cdn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    cdn.createContext("/", this::handle);
    cdn.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every {@code Messages.json} request fails like this from now on ({@code null}: none does). */
  void failAlways(Failure failure) {
    always = failure;
  }

  /** The next {@code Messages.json} request fails like this (once per call; queued in order). */
  void failNext(int status, Integer code, String message) {
    failures.add(new Failure(status, code, message));
  }

  /**
   * Runs {@code hook} with each new message's sid before the 201 answer leaves, as when Twilio's status
   * callback overtakes its own API answer.
   */
  void beforeAnswer(Consumer<String> hook) {
    beforeAnswer = hook == null ? sid -> { } : hook;
  }

  /**
   * From now on {@code Messages.json} requests hang, unanswered, until {@link #answerAgain}; then each
   * gets a 503 without a message being created (an API that times out). What a hung request means for
   * a client that gave up is the client's business.
   */
  void stall() {
    stalled = new CountDownLatch(1);
  }

  /** Ends {@link #stall}: hung requests are answered 503, new ones are served again. */
  void answerAgain() {
    CountDownLatch s = stalled;
    stalled = null;
    if (s != null) {
      s.countDown();
    }
  }

  /** The bodies of the messages created (answered 201), in order. */
  List<String> createdBodies() {
    return List.copyOf(created);
  }

  /** Serves {@code bytes} at a Twilio media URL and returns that URL. */
  URI addMedia(String messageSid, String mediaSid, String contentType, byte[] bytes) {
    return addMedia(messageSid, mediaSid, contentType, bytes, false, true);
  }

  /**
   * As {@link #addMedia(String, String, String, byte[])}; {@code viaCdn} answers the media URL with a
   * 307 to an unauthenticated CDN path as Twilio does, {@code declareLength} false streams it chunked.
   */
  URI addMedia(String messageSid, String mediaSid, String contentType, byte[] bytes, boolean viaCdn,
      boolean declareLength) {
    String path = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + messageSid + "/Media/" + mediaSid;
    media.put(path, new Media(contentType, bytes, viaCdn, declareLength));
    return baseUrl().resolve(path);
  }

  List<Recorded> messageRequests() {
    return List.copyOf(messageRequests);
  }

  List<Recorded> mediaRequests() {
    return List.copyOf(mediaRequests);
  }

  static String basicAuth(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve(HttpExchange exchange) throws IOException, InterruptedException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Optional<String> auth = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
      boolean authorized = auth.equals(Optional.of(basicAuth(ACCOUNT_SID, AUTH_TOKEN)));
      if (path.startsWith("/cdn/")) {
        mediaRequests.add(new Recorded(exchange.getRequestMethod(), path, Map.of(), auth, Optional.empty()));
        serveMedia(exchange, media.get(path.substring("/cdn".length())));
        return;
      }
      if (path.equals("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json")
          && exchange.getRequestMethod().equals("POST")) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = WebhookForm.parse(body.getBytes(StandardCharsets.UTF_8));
        messageRequests.add(new Recorded("POST", path, form, auth, Optional.ofNullable(
            exchange.getRequestHeaders().getFirst(IdempotentTwilioClient.HEADER))));
        if (!authorized) {
          error(exchange, new Failure(401, 20003, "Authenticate"));
          return;
        }
        CountDownLatch stall = stalled;
        if (stall != null) {
          stall.await(); // released by answerAgain or close
          error(exchange, new Failure(503, 20503, "Service Unavailable"));
          return;
        }
        Failure failure = always != null ? always : failures.poll();
        if (failure != null) {
          error(exchange, failure);
          return;
        }
        created(exchange, form);
        return;
      }
      if (media.containsKey(path) && exchange.getRequestMethod().equals("GET")) {
        mediaRequests.add(new Recorded("GET", path, Map.of(), auth, Optional.empty()));
        if (!authorized) {
          error(exchange, new Failure(401, 20003, "Authenticate"));
          return;
        }
        Media m = media.get(path);
        if (m.viaCdn()) {
          exchange.getResponseHeaders().add("Location",
              "http://127.0.0.1:" + cdn.getAddress().getPort() + "/cdn" + path);
          exchange.sendResponseHeaders(307, -1);
          return;
        }
        serveMedia(exchange, m);
        return;
      }
      error(exchange, new Failure(404, 20404, "The requested resource " + path + " was not found"));
    }
  }

  private static void serveMedia(HttpExchange exchange, Media m) throws IOException {
    if (m == null) {
      error(exchange, new Failure(404, 20404, "not found"));
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", m.contentType());
    exchange.sendResponseHeaders(200, m.declareLength() ? m.bytes().length : 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(m.bytes());
    }
  }

  private void created(HttpExchange exchange, Map<String, String> form) throws IOException {
    String sid = String.format(Locale.ROOT, "SM%032x", sids.incrementAndGet());
    beforeAnswer.accept(sid);
    created.add(form.get("Body"));
    String now = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    String json = "{"
        + "\"account_sid\":" + quote(ACCOUNT_SID) + ","
        + "\"api_version\":\"2010-04-01\","
        + "\"body\":" + quote(form.get("Body")) + ","
        + "\"date_created\":" + quote(now) + ","
        + "\"date_sent\":null,"
        + "\"date_updated\":" + quote(now) + ","
        + "\"direction\":\"outbound-api\","
        + "\"error_code\":null,"
        + "\"error_message\":null,"
        + "\"from\":" + quote(form.get("From")) + ","
        + "\"messaging_service_sid\":null,"
        + "\"num_media\":\"0\","
        + "\"num_segments\":\"1\","
        + "\"price\":null,"
        + "\"price_unit\":\"USD\","
        + "\"sid\":" + quote(sid) + ","
        + "\"status\":\"queued\","
        + "\"subresource_uris\":{\"media\":\"/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid
        + "/Media.json\"},"
        + "\"to\":" + quote(form.get("To")) + ","
        + "\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/" + sid + ".json\""
        + "}";
    send(exchange, 201, json);
  }

  private static void error(HttpExchange exchange, Failure f) throws IOException {
    String json = "{\"code\":" + f.code() + ",\"message\":" + quote(f.message())
        + ",\"more_info\":\"https://www.twilio.com/docs/errors/" + f.code() + "\",\"status\":" + f.status() + "}";
    send(exchange, f.status(), json);
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  @Override
  public void close() {
    answerAgain();
    server.stop(0);
    cdn.stop(0);
  }
}
