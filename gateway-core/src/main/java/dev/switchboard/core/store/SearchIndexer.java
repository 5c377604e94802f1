package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's full-text index of messages, subjects, contact names and identities, filled after the ingest
 * commits: the insert triggers queue a new row's key ({@code search_queue}, V14 for messages, V16 for
 * contacts and identities, V17 for conversations' subjects; messages are not queued since V21: those past a
 * mark wait, {@link SearchQueueRows}) and this indexer moves waiting rows into
 * {@code message_search}, {@code conversation_search}, {@code contact_search} and {@code identity_search},
 * up to {@link SearchIndexPolicy#maxRows()} rows per transaction, as a write of the one
 * {@link GroupCommitWriter} (SQLite keeps a single writing connection) in a transaction of its own: ingests
 * never share its commit.
 *
 * <p>Intake goes first: every {@link SearchIndexPolicy#period()} a look at the queue (a read, off the
 * writer) and, when rows wait, one pass; after a pass that left rows, another at once only while no
 * write waits for the writer. So in a surge the index takes one batch per period and catches up when
 * the surge ends; a row committed while the writer is idle is indexed within one period (200 ms by default). A search asks for passes until the rows queued before it are indexed
 * ({@link #upToDate()}), which keeps search exact; a pass queued but not yet begun serves every search
 * that comes before it begins. docs/storage.md has the policy's reasons. The looks begin once the gateway has
 * started ({@link #catchUpAfter}): a backlog left by the last run waits until the router holds its queue.
 */
final class SearchIndexer implements SearchIndex {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);

  private final StoreThreads threads;
  private final GroupCommitWriter writer;
  private final SearchIndexPolicy policy;
  private final ScheduledExecutorService ticks;
  private final DistributionSummary batch;
  private final Timer work;
  /** The queue's rows as last seen, by a look or a pass: the pending gauge, read without a query. */
  private volatile SearchQueueRows.Bounds seen = SearchQueueRows.Bounds.EMPTY;
  /** The last pass submitted (guarded by this). */
  private Submitted last;
  private volatile boolean closed;
  /** Looks wait for it ({@link #catchUpAfter}); searches do not. */
  private volatile CompletionStage<?> lookAfter = CompletableFuture.completedFuture(null);

  SearchIndexer(StoreThreads threads, SearchIndexPolicy policy, MeterRegistry meters) {
    this.threads = requireNonNull(threads, "threads");
    this.writer = threads.writer();
    this.policy = requireNonNull(policy, "policy");
    this.batch = DistributionSummary.builder("switchboard.search.index.batch")
        .description("Queued rows (messages, subjects, contact names, identities) put into SQLite's search index in one transaction")
        .register(meters);
    // Beside the writer's commit latency tagged batching=alone: how much of a pass is the index's work.
    this.work = Timer.builder("switchboard.search.index.work")
        .description("Time a search index pass's inserts and delete take inside its transaction, without its begin and commit")
        .register(meters);
    Gauge.builder("switchboard.search.index.pending", this, i -> i.seen.pending())
        .description("Rows (messages, subjects, contact names, identities) stored and not yet in SQLite's search index (as of the last look, at most one period old)")
        .register(meters);
    this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-search-index");
      t.setDaemon(true);
      return t;
    });
    long period = policy.period().toNanos();
    ticks.scheduleWithFixedDelay(this::look, period, period, TimeUnit.NANOSECONDS);
  }

  /**
   * A read first: nothing seen waiting (an empty queue, the mark at the last message) means every row
   * committed before it is indexed (a row leaves the queue, and the mark passes a message, in the
   * transaction that indexes it), and the search needs no write at all.
   */
  @Override
  public CompletableFuture<Void> upToDate() {
    return threads.read(SearchQueueRows::bounds).thenCompose(waiting -> waiting.pending() == 0
        ? CompletableFuture.completedFuture(null)
        : pass().thenCompose(first -> until(waiting, first)));
  }

  /** Passes until one has indexed everything {@code target} saw waiting. */
  private CompletableFuture<Void> until(SearchQueueRows.Bounds target, SearchQueueRows.Pass done) {
    if (done.reached(target)) {
      return CompletableFuture.completedFuture(null);
    }
    return pass().thenCompose(next -> until(target, next));
  }

  @Override
  public void catchUpAfter(CompletionStage<?> first) {
    lookAfter = requireNonNull(first, "first");
  }

  /** The periodic look: when rows wait, no pass is in hand and the start is over, one pass. */
  private void look() {
    if (closed || busy() || !startOver()) {
      return;
    }
    threads.read(SearchQueueRows::bounds).whenComplete((bounds, failure) -> {
      if (failure != null) {
        if (!closed) {
          log.warn("Could not look at the search queue: {}", failure.toString());
        }
      } else {
        seen = bounds;
        if (bounds.pending() > 0 && !busy()) {
          pass();
        }
      }
    });
  }

  /** Whether the stage the looks wait for ({@link #catchUpAfter}) has completed. */
  private boolean startOver() {
    return lookAfter.toCompletableFuture().isDone();
  }

  private synchronized boolean busy() {
    return last != null && !last.result.isDone();
  }

  /** A pass that has not begun: the last one submitted if it has not, else a new one. */
  private synchronized CompletableFuture<SearchQueueRows.Pass> pass() {
    if (last != null && !last.begun) {
      return last.result;
    }
    Submitted pass = new Submitted();
    last = pass;
    // It writes only the index and its queue, none of the rows the writer's SenderThreads remembers.
    SenderThreads.Exact<SearchQueueRows.Pass> index = c -> {
      pass.begun = true; // before the queue is read: whoever joins this pass before now is served by it
      long start = System.nanoTime();
      SearchQueueRows.Pass done = SearchQueueRows.index(c, policy.maxRows());
      work.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return done;
    };
    // Alone: no ingest commits in the pass's transaction, so no acknowledgement waits for its commit.
    // Its commit leaves the fsync to the next ingest's (the index and its queue are lost or kept together).
    pass.result = writer.submitAlone("indexSearch", index, WriteTransactions.Sync.WITH_NEXT_COMMIT);
    pass.result.whenComplete(this::passed);
    return pass.result;
  }

  private void passed(SearchQueueRows.Pass done, Throwable failure) {
    if (failure != null) {
      if (!closed) {
        log.warn("Indexing for search failed; the next look tries again: {}", failure.toString());
      }
      return;
    }
    seen = done.left();
    if (done.indexed() > 0) {
      batch.record(done.indexed());
    }
    if (done.left().pending() > 0 && writer.waiting() == 0 && !closed && startOver()) {
      pass(); // nothing waits for the writer, and the start is over: keep catching up
    }
  }

  /** Stops looking; a pass already submitted is committed by the writer as it closes. */
  @Override
  public void close() {
    closed = true;
    ticks.shutdownNow();
  }

  /** One pass through the writer; {@code begun} once it runs (on the writer thread). */
  private static final class Submitted {
    volatile boolean begun;
    CompletableFuture<SearchQueueRows.Pass> result;
  }
}
