package dev.switchboard.core.search;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.SearchHit;
import dev.switchboard.core.store.SearchQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

/**
 * Full-text searches for the admin API and the agent desk: measured, and at most {@code maxInFlight} at a
 * time. Searches run on the store's reader threads, which also serve the desks' history and the admin
 * API; a burst of searches past the bound is refused ({@link Busy}) rather than queued in front of them.
 *
 * <p>Metrics: {@code switchboard.search.requests{via, outcome}} (outcome {@code ok}, {@code bad_query},
 * {@code busy}, {@code failed}), {@code switchboard.search.latency{via}}, {@code switchboard.search.results{via}}.
 */
public final class Searches {

  /** Who asked. */
  public enum Via {
    API, DESK;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The search was refused because {@code maxInFlight} were running. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy(int max) {
      super("more than " + max + " searches at once; try again");
    }
  }

  private final ConversationStore store;
  private final MeterRegistry meters;
  private final Semaphore inFlight;
  private final int maxInFlight;

  /** Searches at once per {@code Searches} unless told otherwise: twice the SQLite store's reader threads. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;

  public Searches(ConversationStore store, MeterRegistry meters, int maxInFlight) {
    this.store = requireNonNull(store, "store");
    this.meters = requireNonNull(meters, "meters");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: > 0)");
    }
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** Runs {@code query}; fails with {@link Busy} when {@code maxInFlight} searches are running. */
  public CompletionStage<List<SearchHit>> search(Via via, SearchQuery query) {
    requireNonNull(via, "via");
    requireNonNull(query, "query");
    if (!inFlight.tryAcquire()) {
      count(via, "busy");
      return CompletableFuture.failedFuture(new Busy(maxInFlight));
    }
    Timer.Sample sample = Timer.start(meters);
    CompletionStage<List<SearchHit>> result;
    try {
      result = store.search(query);
    } catch (RuntimeException e) {
      inFlight.release();
      count(via, "failed");
      return CompletableFuture.failedFuture(e);
    }
    return result.whenComplete((hits, err) -> {
      inFlight.release();
      sample.stop(Timer.builder("switchboard.search.latency").description("Full-text searches, from asking to the results")
          .tag("via", via.key()).register(meters));
      if (err != null) {
        count(via, "failed");
      } else {
        count(via, "ok");
        DistributionSummary.builder("switchboard.search.results").description("Conversations a search returned")
            .tag("via", via.key()).register(meters).record(hits.size());
      }
    });
  }

  /** Counts a query refused before it reached the store (too long, no text). */
  public void countBadQuery(Via via) {
    count(via, "bad_query");
  }

  private void count(Via via, String outcome) {
    Counter.builder("switchboard.search.requests").description("Full-text searches by who asked and how they ended")
        .tag("via", via.key()).tag("outcome", outcome).register(meters).increment();
  }
}
