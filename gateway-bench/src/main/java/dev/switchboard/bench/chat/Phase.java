package dev.switchboard.bench.chat;

import dev.switchboard.bench.LatencyHistogram;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * One measured phase of the chat load: what was sent, what agents received (and how late), and, in a
 * closed loop, who to prompt for the next message when one arrives. Messages of another phase are ignored.
 */
final class Phase {

  private static final AtomicInteger IDS = new AtomicInteger(1);

  final int id = IDS.getAndIncrement();
  final LatencyHistogram latency = new LatencyHistogram();
  final LongAdder sent = new LongAdder();
  final LongAdder delivered = new LongAdder();
  private final IntConsumer onDelivered;
  private volatile long firstSent;
  private volatile long lastDelivered;

  Phase(IntConsumer onDelivered) {
    this.onDelivered = onDelivered;
  }

  void markStart(long nanos) {
    firstSent = nanos;
  }

  /** An agent got a message's text. */
  void received(BenchText text, long nowNanos) {
    if (text.phase() != id) {
      return;
    }
    latency.recordNanos(nowNanos - text.nanos());
    delivered.increment();
    lastDelivered = nowNanos;
    onDelivered.accept(text.customer());
  }

  /** Delivered messages per second, from the first send to the last delivery. */
  double throughput() {
    long span = lastDelivered - firstSent;
    return span <= 0 ? 0 : delivered.sum() / (span / 1e9);
  }
}
