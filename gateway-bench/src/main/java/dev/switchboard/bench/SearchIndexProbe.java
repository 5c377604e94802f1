package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard_search_index_pending} from {@code GET /metrics}: the messages a SQLite gateway has
 * stored and not yet put into its search index, which it catches up after a surge. A scenario that
 * reports CPU per message waits for it ({@link #settle}) before it reads the CPU, so that the deferred
 * index work is counted.
 */
public final class SearchIndexProbe {

  static final String METRIC = "switchboard_search_index_pending";
  /** Longer than the gateway's look at its queue (200 ms): the gauge is as of the last look. */
  private static final Duration LOOK = Duration.ofMillis(300);
  /** How long a scenario waits for the index to catch up before it reads the CPU anyway. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final HttpRequest request;

  /** What {@link #settle} saw: the backlog when the load ended (-1: the gateway has no such gauge). */
  public record Settled(long pendingAtEnd, long pendingAfter, long catchUpMillis) {
    public static final Settled UNKNOWN = new Settled(-1, -1, 0);
  }

  public SearchIndexProbe(int port) {
    this.request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(30)).GET().build();
  }

  /** The gauge's value, or empty when the gateway does not export it (a build before the deferred index). */
  public OptionalLong pending() throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body().lines()
        .filter(l -> l.startsWith(METRIC + " ") || l.startsWith(METRIC + "{"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1).trim()))
        .findFirst();
  }

  /**
   * Reads the backlog now, then (when the gateway has the gauge) waits one look and polls until nothing
   * is pending, at most {@code timeout}.
   */
  public Settled settle(Duration timeout) throws IOException, InterruptedException {
    long start = System.nanoTime();
    OptionalLong atEnd = pending();
    if (atEnd.isEmpty()) {
      return Settled.UNKNOWN;
    }
    TimeUnit.NANOSECONDS.sleep(LOOK.toNanos());
    long deadline = start + timeout.toNanos();
    long now = pending().orElse(0);
    while (now > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
      now = pending().orElse(0);
    }
    if (now > 0) {
      Log.info("the search index still had %d messages to take after %s", now, timeout);
    }
    return new Settled(atEnd.getAsLong(), now, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }
}
