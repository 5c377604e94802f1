package dev.switchboard.bench.sms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in of Twilio's Messages API on 127.0.0.1 that deduplicates on the
 * {@code I-Twilio-Idempotency-Token} header, as Twilio's API does not: the first request with a token
 * creates a message, a repeat answers the same message again. Counts the requests per token, so a test
 * sees every resend even though the customer would get one text, and logs every request (token, recipient,
 * body, arrival) so a bench can count sends per token and measure the rate they arrive at.
 */
public final class IdempotentTwilioStandIn implements AutoCloseable {

  static final String TOKEN_HEADER = "I-Twilio-Idempotency-Token";

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "twilio-stand-in");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, String> sidByToken = new ConcurrentHashMap<>();
  private final Map<String, Integer> requestsByToken = new ConcurrentHashMap<>();
  private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger withoutToken = new AtomicInteger();
  private final AtomicInteger sids = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private volatile java.util.concurrent.CountDownLatch gate;

  public IdempotentTwilioStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/2010-04-01/Accounts/" + GatewayConfigFile.SMS_ACCOUNT + "/Messages.json", this::create);
    // Several at once, as Twilio answers: one thread would make the stand-in the bottleneck of a bench.
    server.setExecutor(handlers);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The message created for each token: what the customer was sent, once per token. */
  public Map<String, String> sidByToken() {
    return Map.copyOf(sidByToken);
  }

  /** Requests per token: 1, or more where a send was repeated. */
  public Map<String, Integer> requestsByToken() {
    return Map.copyOf(requestsByToken);
  }

  /** One request as it arrived: its idempotency token (null without one), {@code To}, {@code Body}, {@link System#nanoTime()}. */
  public record Request(String token, String to, String body, long arrivedNanos) {}

  /** Every request so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public int requestsWithoutToken() {
    return withoutToken.get();
  }

  /**
   * From now on a request waits, unanswered, until {@link #release}: the sender has it in flight (a
   * test kills the sender meanwhile). The message is created when the request goes on, as Twilio would
   * once it got the request, whether or not the sender is still there to read the answer.
   */
  public void holdRequests() {
    held.set(0);
    gate = new java.util.concurrent.CountDownLatch(1);
  }

  /** Requests waiting since {@link #holdRequests}. */
  public int held() {
    return held.get();
  }

  public void release() {
    java.util.concurrent.CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String token = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
      java.util.concurrent.CountDownLatch g = gate;
      if (g != null) {
        held.incrementAndGet();
        try {
          g.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      requests.add(new Request(token, form.get("To"), form.getOrDefault("Body", ""), System.nanoTime()));
      String sid;
      if (token == null) {
        withoutToken.incrementAndGet();
        sid = newSid();
      } else {
        requestsByToken.merge(token, 1, Integer::sum);
        sid = sidByToken.computeIfAbsent(token, t -> newSid());
      }
      byte[] body = Json.mapper().createObjectNode()
          .put("account_sid", GatewayConfigFile.SMS_ACCOUNT)
          .put("api_version", "2010-04-01")
          .put("sid", sid)
          .put("status", "queued")
          .put("direction", "outbound-api")
          .put("from", form.get("From"))
          .put("to", form.get("To"))
          .put("body", form.get("Body"))
          .put("num_segments", "1")
          .toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(201, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private String newSid() {
    // Apart from the inbound MessageSids the test makes up: both share the store's (channel, external id) key.
    return String.format(Locale.ROOT, "SMff%030x", sids.incrementAndGet());
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
