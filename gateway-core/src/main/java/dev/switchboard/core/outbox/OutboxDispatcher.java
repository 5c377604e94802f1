package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.store.ConversationStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what agents wrote: keeps up to {@link #WINDOW} of each channel's due outbox entries in flight
 * ({@link Lanes}) and tries each once ({@link OutboxSender}:
 * pacing, the claim with a lease, the adapter call on the outbox's own threads), recording each outcome
 * ({@link DeliveryOutcomes}: sent, retried with exponential backoff and jitter, or dead after the last try).
 * This class is the outbox's life: as it starts it takes up at once what a stopped process left marked
 * {@code sending} (the adapters resend it under the same key), it polls, probes degraded channels, and
 * it stops quietly at a step-down.
 *
 * <p>A passing failure leaves the reply {@code pending} (the agent sees it so) and marks the channel
 * degraded ({@link ChannelHealth}, shown by {@code /health/ready}). While a channel is degraded one of its
 * pending replies is tried every {@link #PROBE_EVERY} whatever its backoff; the first one accepted ends
 * the outage and makes the channel's other pending replies due at once, so they leave within a poll of
 * the provider's return instead of after their own backoff.
 */
public final class OutboxDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

  /** How often a degraded channel is probed with one pending reply. */
  public static final Duration PROBE_EVERY = Duration.ofSeconds(15);

  /** The most sends of one channel's lane in flight at once. */
  static final int WINDOW = 50;

  /** How hard to try: attempts before dead, the backoff's first and largest delay, the send timeout. */
  public record Settings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration sendTimeout,
      Duration pollInterval) {
    public Settings {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: > 0)");
      }
      requireNonNull(baseDelay, "baseDelay");
      requireNonNull(maxDelay, "maxDelay");
      requireNonNull(sendTimeout, "sendTimeout");
    }

    /**
     * 30 tries, 2 s doubling up to 5 min (jittered down to half): a reply rides out a provider outage of
     * about 1.5 to 2 hours before it is dead; probes and the release on recovery keep that from
     * delaying it once the provider is back.
     */
    public static Settings defaults() {
      return new Settings(30, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(60),
          Duration.ofMillis(250));
    }
  }

  private final ConversationStore store;
  private final EventBus events;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Settings settings;
  private final ScheduledExecutorService poller;
  private final ChannelHealth health = new ChannelHealth();
  private final DeliveryOutcomes outcomes;
  private final OutboxSender sender;
  private final Lanes lanes;
  private final List<Meter> gauges = new ArrayList<>();
  private volatile boolean polling;
  private volatile boolean stopping;
  private AutoCloseable subscription;

  /**
   * {@code jitter} returns a number in [0, 1): the share of each delay's upper half actually added,
   * so a delay {@code d} becomes {@code d/2 + jitter * d/2}.
   */
  public OutboxDispatcher(ConversationStore store, EventBus events, Clock clock, MeterRegistry meters,
      List<ChannelAdapter> adapters, Settings settings, DoubleSupplier jitter) {
    this.store = requireNonNull(store, "store");
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.meters = requireNonNull(meters, "meters");
    this.settings = requireNonNull(settings, "settings");
    Map<Channel, ChannelAdapter> byChannel = new ConcurrentHashMap<>();
    adapters.forEach(a -> byChannel.put(a.channel(), a));
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "switchboard-outbox");
      t.setDaemon(true);
      return t;
    });
    this.outcomes = new DeliveryOutcomes(store, events, clock, meters, settings, jitter, health, () -> {
      if (polling) {
        pollSoon();
      }
    });
    this.sender = new OutboxSender(store, clock, meters, byChannel, settings, outcomes, () -> stopping);
    this.lanes = new Lanes(store.deliveries(), clock, sender, settings.sendTimeout(), poller, () -> stopping);
    // This dispatcher's own gauges, removed at close: the next term's outbox on this node binds its own.
    byChannel.keySet().forEach(channel -> gauges.add(Gauge.builder(
            "switchboard.channel.degraded", health, h -> h.degraded(channel).isPresent() ? 1 : 0)
        .tag("channel", channel.key())
        .description("1 while the channel's provider fails sends for a passing reason, else 0")
        .register(meters)));
  }

  /** Each channel's provider health as the sends found it. */
  public ChannelHealth health() {
    return health;
  }

  /**
   * Polls every {@code pollInterval}, and at once when an OUT message is added; first makes what an
   * earlier process left in {@code sending} due now.
   */
  public OutboxDispatcher start() {
    long ms = Math.max(10, settings.pollInterval().toMillis());
    polling = true;
    poller.execute(this::reclaimInterruptedSends);
    poller.scheduleWithFixedDelay(this::poll, 0, ms, TimeUnit.MILLISECONDS);
    subscription = events.subscribe(e -> {
      if (e instanceof GatewayEvent.MessageAdded m && m.message().direction() == Direction.OUT) {
        pollSoon();
      }
    });
    return this;
  }

  /** A fill of every lane now, unless the outbox is stopping (then the next leader, or the next start, polls). */
  private void pollSoon() {
    if (stopping) {
      return;
    }
    try {
      poller.execute(this::poll);
    } catch (RejectedExecutionException closedMeanwhile) {
      // stopping: nothing is lost, the entry stays due
    }
  }

  private void poll() {
    try {
      probeDegradedChannels();
    } catch (Exception e) {
      if (!stopping) {
        log.warn("Outbox probe failed: {}", e.toString());
      }
    }
    for (Channel channel : Channel.values()) {
      lanes.start(channel);
    }
  }

  /** Makes one pending reply of each degraded channel not tried for {@link #PROBE_EVERY} due now. */
  void probeDegradedChannels() throws Exception {
    Instant now = clock.instant();
    for (Channel channel : health.dueForProbe(now, PROBE_EVERY)) {
      store.deliveries().hurryPendingOutbox(channel, now, 1).toCompletableFuture()
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void reclaimInterruptedSends() {
    try {
      int reclaimed = store.deliveries().reclaimInterruptedSends(clock.instant()).toCompletableFuture()
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (reclaimed > 0) {
        log.info("{} replies were being sent when the gateway last stopped; sending them again now", reclaimed);
      }
    } catch (Exception e) {
      log.warn("Could not take up the sends interrupted by the last stop (they wait out their lease): {}",
          e.toString());
    }
  }

  /**
   * One fill of every channel's lane: each due entry not already in flight is tried once (as many a channel as
   * its window has room for); completes when all of them are recorded, with how many were tried.
   */
  public CompletionStage<Integer> runOnce() {
    return lanes.fillEachOnce();
  }

  /** The wait before retry number {@code attempt + 1} (see {@link DeliveryOutcomes#backoff}). */
  Duration backoff(int attempt) {
    return outcomes.backoff(attempt);
  }

  /**
   * Stops quietly (a step-down, or the gateway stopping): no new attempt begins, the reads and the sends
   * not yet begun end without an outcome, and one INFO line tells how many were in flight. Nothing is lost:
   * an entry not claimed is still due, one claimed whose send had not begun is given back (due again), and
   * one whose send had begun ({@code sending}) is taken up by the next leader (or the next start) as an
   * interrupted send, under the same idempotency key. Sends already with the provider are given up to 5 s
   * to finish and record their outcome.
   */
  @Override
  public void close() {
    stopping = true;
    polling = false;
    int inFlightAtStop = lanes.inFlight();
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Unsubscribe failed", e);
      }
    }
    poller.shutdownNow();
    sender.stop();
    gauges.forEach(meters::remove);
    log.info("Outbox stopped with {} sends in flight; those without an outcome are left for the next leader "
        + "(or the next start), which takes up interrupted sends", inFlightAtStop);
  }
}
