package dev.switchboard.core.report;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.cluster.Singleton;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's roll-up of the reports' daily facts: every {@link #EVERY} one pass of {@link Reports#rollUp()}
 * (never two at once). {@code switchboard.reports.rollup.watermark} is the time up to which every change is
 * folded, in epoch seconds (0 before the first pass).
 */
public final class ReportRollupJob implements AutoCloseable {

  /** How often a pass runs: a changed day is read live by the reports until the next one. */
  public static final Duration EVERY = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(ReportRollupJob.class);

  private final Reports reports;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "switchboard-report-rollup");
    t.setDaemon(true);
    return t;
  });

  private ReportRollupJob(Reports reports) {
    this.reports = requireNonNull(reports, "reports");
  }

  /** The job as a leader singleton, with its watermark gauge registered on {@code meters}. */
  public static Singleton singleton(Reports reports, MeterRegistry meters) {
    AtomicLong watermark = new AtomicLong();
    Gauge.builder("switchboard.reports.rollup.watermark", watermark, AtomicLong::get)
        .description("Epoch seconds up to which every conversation change is in the reports' daily roll-up")
        .register(meters);
    return term -> new ReportRollupJob(reports).start(watermark);
  }

  private ReportRollupJob start(AtomicLong watermark) {
    ticker.scheduleWithFixedDelay(() -> pass(watermark), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void pass(AtomicLong watermark) {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    reports.rollUp().whenComplete((w, err) -> {
      running.set(false);
      if (err != null) {
        log.warn("Report roll-up failed; the reports read the conversations until a pass succeeds: {}", err.toString());
        return;
      }
      watermark.set(w.getEpochSecond());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (ms > 1_000) {
        log.info("Report roll-up caught up to {} in {} ms", w, ms);
      }
    });
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
