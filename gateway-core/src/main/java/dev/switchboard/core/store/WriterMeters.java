package dev.switchboard.core.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@link GroupCommitWriter}'s meters per batch: its size, the time to run and commit it (tagged
 * {@code batching}, so that the search index's passes, alone in theirs, read apart from the ingests'
 * batches), and each write's wait for it. The queue's depth and the completions are metered where they are.
 */
final class WriterMeters {

  private final DistributionSummary batchSize;
  private final Timer sharedCommits;
  private final Timer aloneCommits;
  private final Timer queueWait;

  WriterMeters(MeterRegistry meters) {
    this.batchSize = DistributionSummary.builder("switchboard.store.batch.size")
        .description("Write operations committed together in one transaction")
        .register(meters);
    this.sharedCommits = commitLatency(meters, QueuedWrite.Batching.SHARED);
    this.aloneCommits = commitLatency(meters, QueuedWrite.Batching.ALONE);
    // With the commit latency and the completions' timers, where an acknowledgement's time goes.
    this.queueWait = Timer.builder("switchboard.store.queue.wait")
        .description("Time a write waited, from its submit until its batch began")
        .register(meters);
  }

  // Buckets for a p99 alert (ops/prometheus/alerts.yml) and the dashboard's latency panel.
  private static Timer commitLatency(MeterRegistry meters, QueuedWrite.Batching batching) {
    return Timer.builder("switchboard.store.commit.latency")
        .description("Time to run and commit one batch of writes")
        .tag("batching", batching.name().toLowerCase(Locale.ROOT))
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500))
        .register(meters);
  }

  /** {@code batch} begins at {@code start} ({@link System#nanoTime}): each write's wait ends. */
  void began(List<QueuedWrite<?>> batch, long start) {
    for (int i = 0; i < batch.size(); i++) {
      queueWait.record(start - batch.get(i).queuedAt(), TimeUnit.NANOSECONDS);
    }
  }

  /** {@code batch}, begun at {@code start}, committed at {@code committed}. */
  void committed(List<QueuedWrite<?>> batch, long start, long committed) {
    Timer latency = batch.get(0).alone() ? aloneCommits : sharedCommits;
    latency.record(committed - start, TimeUnit.NANOSECONDS);
    batchSize.record(batch.size());
  }
}
