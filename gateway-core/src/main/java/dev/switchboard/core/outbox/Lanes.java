package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.Deliveries;
import dev.switchboard.core.store.OutboxEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's lanes, one per channel, and how each is filled: a read of the channel's due entries, and a
 * send started for each not in flight, as many as the lane's window ({@link OutboxDispatcher#WINDOW}) has
 * room for. Each channel has its own lane, so chat replies never wait for SMS sends held by the provider or
 * its pacing (an incident update to 10,000 texters and 10,000 visitors otherwise kept every chat entry
 * behind the texts). A lane is a window, not a round: the next due entries start as soon as sends finish,
 * so one send held by its provider (up to the send timeout) holds one place, not the whole lane.
 */
final class Lanes {

  private static final Logger log = LoggerFactory.getLogger(Lanes.class);

  private final Map<Channel, OutboxLane> lanes = new EnumMap<>(Channel.class);
  private final Deliveries deliveries;
  private final Clock clock;
  private final OutboxSender sender;
  private final Duration readTimeout;
  private final Executor poller;
  private final BooleanSupplier stopping;

  /** Lanes whose fills run on {@code poller}, reading with {@code readTimeout}, none once {@code stopping}. */
  Lanes(Deliveries deliveries, Clock clock, OutboxSender sender, Duration readTimeout, Executor poller,
      BooleanSupplier stopping) {
    this.deliveries = requireNonNull(deliveries, "deliveries");
    this.clock = requireNonNull(clock, "clock");
    this.sender = requireNonNull(sender, "sender");
    this.readTimeout = requireNonNull(readTimeout, "readTimeout");
    this.poller = requireNonNull(poller, "poller");
    this.stopping = requireNonNull(stopping, "stopping");
    for (Channel channel : Channel.values()) {
      lanes.put(channel, new OutboxLane(channel, () -> fillSoon(channel)));
    }
  }

  /** The sends in flight in every lane. */
  int inFlight() {
    return lanes.values().stream().mapToInt(OutboxLane::inFlight).sum();
  }

  /** A fill of the channel's lane on the poller, unless the outbox is stopping. */
  private void fillSoon(Channel channel) {
    if (stopping.getAsBoolean()) {
      return;
    }
    try {
      poller.execute(() -> start(channel));
    } catch (RejectedExecutionException closedMeanwhile) {
      // stopping: the entries stay due
    }
  }

  /**
   * Fills the channel's lane unless a read for it is still running. When the last read found more due than
   * the window had room for, the lane reads again once half the window is free ({@link OutboxLane#ended});
   * otherwise the poll and new replies fill it.
   */
  void start(Channel channel) {
    OutboxLane lane = lanes.get(channel);
    if (stopping.getAsBoolean() || !lane.reading.compareAndSet(false, true)) {
      return;
    }
    fill(lane).toCompletableFuture()
        .orTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((started, err) -> {
          lane.reading.set(false);
          if (err != null && !stopping.getAsBoolean()) {
            log.warn("Outbox read for {} failed: {}", channel.key(), err.toString());
          }
        });
  }

  /**
   * One fill of every lane: each due entry not already in flight is tried once (as many a channel as its
   * window has room for); completes when all of them are recorded, with how many were tried.
   */
  CompletionStage<Integer> fillEachOnce() {
    List<CompletableFuture<Integer>> fills = new ArrayList<>();
    for (Channel channel : Channel.values()) {
      fills.add(fill(lanes.get(channel)).toCompletableFuture().thenCompose(attempts ->
          CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).thenApply(v -> attempts.size())));
    }
    return CompletableFuture.allOf(fills.toArray(CompletableFuture[]::new))
        .thenApply(v -> fills.stream().mapToInt(CompletableFuture::join).sum());
  }

  /**
   * Starts the lane's due entries not already in flight, as many as its window has room for; completes
   * with the attempts started once they are (not when they end). The read asks for the entries in flight
   * besides, so those still due (not yet claimed) never hide the ones behind them.
   */
  private CompletionStage<List<CompletableFuture<Void>>> fill(OutboxLane lane) {
    int busy = lane.inFlight();
    int room = OutboxDispatcher.WINDOW - busy;
    if (room <= 0) {
      lane.moreDue = true;
      return CompletableFuture.completedFuture(List.of());
    }
    return deliveries.dueOutbox(clock.instant(), lane.channel(), busy + room).thenApply(due -> {
      lane.moreDue = due.size() >= busy + room;
      List<CompletableFuture<Void>> attempts = new ArrayList<>();
      for (OutboxEntry e : due) {
        if (attempts.size() == room) {
          break;
        }
        if (lane.begin(e.messageId())) {
          attempts.add(sender.attempt(e).toCompletableFuture().whenComplete((v, err) -> lane.ended(e.messageId())));
        }
      }
      return attempts;
    });
  }
}
