package dev.switchboard.bench.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Customers writing in both ways at once: mail providers posting raw MIME to {@code /email/inbound}, one
 * mail at a time per thread (acknowledged by a 202, posted again with the same Message-ID until then),
 * and mail landing in the support mailbox the gateway reads over IMAP (one for every third post
 * answered), which it must take in exactly once whenever it is killed.
 */
final class CrashMailers {

  static final int SENDERS = 8;
  /** IMAP mails are numbered from here, so no body repeats one posted over HTTP. */
  private static final int IMAP_NUMBERS = 1_000_000;

  private final String run = Long.toString(System.nanoTime(), 36);
  private final GreenMailUser mailbox;
  private final int threads;
  /** Per posting thread, in order: number to Message-ID. Guarded by the list. */
  private final List<LinkedHashMap<Long, String>> unacked = new ArrayList<>();
  private final Map<String, String> acked = new ConcurrentHashMap<>(); // Message-ID -> stored message id
  private final Set<String> delivered = ConcurrentHashMap.newKeySet(); // Message-IDs put in the mailbox
  private final AtomicInteger written = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile boolean writing = true;
  private volatile boolean running;
  private ExecutorService pool;

  CrashMailers(GreenMailUser mailbox, int threads) {
    this.mailbox = mailbox;
    this.threads = threads;
    for (int i = 0; i < threads; i++) {
      unacked.add(new LinkedHashMap<>());
    }
  }

  void begin(GatewayProcess gateway) {
    running = true;
    pool = Executors.newFixedThreadPool(threads);
    URI endpoint = URI.create("http://127.0.0.1:" + gateway.port() + "/email/inbound");
    for (int i = 0; i < threads; i++) {
      int poster = i;
      pool.execute(() -> post(poster, endpoint));
    }
  }

  void stop() throws InterruptedException {
    running = false;
    if (pool != null) {
      pool.shutdown();
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("posting threads still busy 30 s after the gateway stopped");
      }
    }
  }

  void stopWriting() {
    writing = false;
  }

  /** Posted mails answered 202: Message-ID to the stored message id. */
  Map<String, String> acknowledged() {
    return Map.copyOf(acked);
  }

  int unacknowledged() {
    synchronized (unacked) {
      return unacked.stream().mapToInt(Map::size).sum();
    }
  }

  /** Message-IDs of the mails put in the support mailbox. */
  Set<String> delivered() {
    return Set.copyOf(delivered);
  }

  int refused() {
    return refused.get();
  }

  /** Posts {@code mail} once more, as a provider retrying would, and returns the gateway's JSON answer. */
  JsonNode postAgain(GatewayProcess gateway, String messageId) throws IOException, InterruptedException {
    long n = Long.parseLong(messageId.substring(run.length() + 2, messageId.indexOf('@')));
    HttpResponse<String> r = http.send(request(URI.create("http://127.0.0.1:" + gateway.port() + "/email/inbound"),
        n), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("posting " + messageId + " again: " + r.statusCode() + " " + r.body());
    }
    return Json.read(r.body());
  }

  private void post(int poster, URI endpoint) {
    while (running) {
      Long n = next(poster);
      if (n == null) {
        return;
      }
      try {
        HttpResponse<String> r = http.send(request(endpoint, n), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
          refused.incrementAndGet();
          return; // kept: posted again after the next start
        }
        String messageId;
        synchronized (unacked) {
          messageId = unacked.get(poster).remove(n);
        }
        acked.put(messageId, Json.read(r.body()).path("messageId").asText());
        if (n % 3 == 0) {
          deliverToMailbox(IMAP_NUMBERS + n);
        }
      } catch (IOException e) {
        return; // the gateway is gone; no 202, so nothing is promised for this mail
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The oldest unacknowledged mail of {@code poster}, or a new one while writing, or null. */
  private Long next(int poster) {
    synchronized (unacked) {
      LinkedHashMap<Long, String> waiting = unacked.get(poster);
      if (!waiting.isEmpty()) {
        return waiting.keySet().iterator().next();
      }
      if (!writing) {
        return null;
      }
      long n = written.incrementAndGet();
      waiting.put(n, messageId("h", n));
      return n;
    }
  }

  private HttpRequest request(URI endpoint, long n) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + GatewayConfigFile.ADMIN_TOKEN)
        .header("Content-Type", "message/rfc822")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Mails.typicalBytes(run + "h", n, SENDERS, mailbox.getEmail())))
        .build();
  }

  private void deliverToMailbox(long n) {
    mailbox.deliver(GreenMailUtil.newMimeMessage(Mails.typical(run + "i", n, SENDERS, mailbox.getEmail())));
    delivered.add(messageId("i", n));
  }

  private String messageId(String kind, long n) {
    return run + kind + "." + n + "@customers.bench.test";
  }
}
