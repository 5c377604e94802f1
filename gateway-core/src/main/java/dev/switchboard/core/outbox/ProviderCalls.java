package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.model.Channel;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The outbox's calls to its providers: each channel's on {@value #THREADS_PER_CHANNEL} threads of its own
 * (the Twilio SDK's and SMTP's calls block their thread), so that a provider holding its callers holds only
 * its own channel's sends, each call bounded by the send timeout. A send that timed out before one of its
 * threads took it is never made (its queued call is cancelled) and ends {@link NotBegun}, as does one the
 * stop came before.
 */
final class ProviderCalls {

  /** Provider calls at once per channel. */
  static final int THREADS_PER_CHANNEL = 4;

  private final Map<Channel, ExecutorService> threads = new EnumMap<>(Channel.class);
  private final Duration timeout;
  private final BooleanSupplier stopping;

  ProviderCalls(Collection<Channel> channels, Duration timeout, BooleanSupplier stopping) {
    this.timeout = requireNonNull(timeout, "timeout");
    this.stopping = requireNonNull(stopping, "stopping");
    for (Channel channel : channels) {
      threads.put(channel, threadsOf(channel));
    }
  }

  /** {@value #THREADS_PER_CHANNEL} threads named for {@code channel}; idle ones end after a minute. */
  private static ExecutorService threadsOf(Channel channel) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS_PER_CHANNEL, THREADS_PER_CHANNEL, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "switchboard-outbox-send-" + channel.key());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return LogContext.propagating(pool);
  }

  /**
   * Sends {@code out} through {@code adapter} on {@code channel}'s threads: its delivery, a
   * {@link Delivery.Retry} when the call failed or timed out after it began, or a failed stage with
   * {@link NotBegun} when the provider was never called.
   */
  CompletionStage<Delivery> send(Channel channel, ChannelAdapter adapter, OutboundMessage out) {
    // Set by whichever comes first: the call beginning, or its timeout while it still waits for a thread.
    AtomicBoolean decided = new AtomicBoolean();
    CompletableFuture<CompletionStage<Delivery>> call;
    try {
      call = CompletableFuture.supplyAsync(() -> {
        if (stopping.getAsBoolean()) {
          throw new NotBegun(NotBegun.Reason.STOPPING); // the provider has not seen it
        }
        if (!decided.compareAndSet(false, true)) {
          throw new NotBegun(NotBegun.Reason.NO_THREAD_IN_TIME); // it timed out first
        }
        return adapter.send(out);
      }, requireNonNull(threads.get(channel), () -> "no sender threads for " + channel.key()));
    } catch (RejectedExecutionException stopped) {
      return CompletableFuture.failedFuture(new NotBegun(NotBegun.Reason.STOPPING));
    }
    return call
        .thenCompose(stage -> stage)
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        // A send that timed out while it waited for a thread must never begin: its next attempt will go, and
        // this one going late beside it would reach the customer twice. Cancelled, the queued call skips its
        // supplier (a call already begun runs on, as any timed-out call to a provider may have).
        .whenComplete((d, err) -> call.cancel(false))
        .exceptionally(err -> {
          Throwable cause = OutboxSender.rootCause(err);
          if (cause instanceof NotBegun notBegun) {
            throw notBegun;
          }
          if (cause instanceof TimeoutException && decided.compareAndSet(false, true)) {
            throw new NotBegun(NotBegun.Reason.NO_THREAD_IN_TIME);
          }
          return new Delivery.Retry(String.valueOf(cause));
        });
  }

  /** Refuses new calls and gives those with a provider up to 5 s, all channels together, to end. */
  void stop() {
    threads.values().forEach(ExecutorService::shutdown);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      for (ExecutorService channelThreads : threads.values()) {
        channelThreads.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
