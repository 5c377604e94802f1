package dev.switchboard.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.core.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/queue?limit=0} (admin): how many conversations the router holds waiting, without the list of
 * them (a gateway that does not know {@code limit} answers the whole list, which {@link #total} skips).
 */
public final class QueueProbe {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final HttpRequest request;
  private final HttpRequest whole;

  public QueueProbe(int port) {
    this.request = get(port, "/api/queue?limit=0");
    this.whole = get(port, "/api/queue");
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + GatewayConfigFile.ADMIN_TOKEN)
        .timeout(Duration.ofSeconds(60)).GET().build();
  }

  /** How long the whole list ({@code GET /api/queue}, every entry) takes to its last byte, read and dropped. */
  public Duration wholeListTime() throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<Void> response = http.send(whole, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /api/queue answered " + response.statusCode());
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * The answer's {@code total}, streamed: the waiting entries beside it (100,000 at the recovery's full size,
   * megabytes of JSON) are skipped, not built into a tree, so that the probe's own parsing in a cold JVM is
   * not counted as the gateway's time.
   */
  public long total() throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body(); JsonParser json = Json.mapper().getFactory().createParser(body)) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /api/queue answered " + response.statusCode());
      }
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("GET /api/queue answered no JSON object");
      }
      long total = -1;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.getCurrentName();
        JsonToken value = json.nextToken();
        if (field.equals("total") && value == JsonToken.VALUE_NUMBER_INT) {
          total = json.getLongValue();
        } else {
          json.skipChildren();
        }
      }
      if (total < 0) {
        throw new IllegalStateException("GET /api/queue answered no total");
      }
      return total;
    }
  }

  /**
   * Polls until the queue holds {@code expected} (arrivals may still be on their way to the router), at most
   * {@code timeout}; returns the last total seen.
   */
  public long awaitTotal(long expected, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long total = total();
    while (total < expected && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
      total = total();
    }
    if (total != expected) {
      Log.info("the queue holds %d, expected %d", total, expected);
    }
    return total;
  }

  /** Polls until the queue is empty (agents took everything), at most {@code timeout}; returns the last total seen. */
  public long awaitEmpty(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long total = total();
    while (total > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      total = total();
    }
    return total;
  }
}
