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

  private volatile long cpuAtStart = -1;
  private volatile long cpuAtEnd = -1;

  /** The phase starts; {@code cpuMicros} is the server's CPU time so far, or -1 when not known. */
  void markStart(long nanos, long cpuMicros) {
    firstSent = nanos;
    cpuAtStart = cpuMicros;
  }

  /** Every message of the phase is in (or given up on); {@code cpuMicros} as for {@link #markStart}. */
  void markEnd(long cpuMicros) {
    cpuAtEnd = cpuMicros;
  }

  /** The server's CPU time over the phase divided by the messages delivered, or -1 when not known. */
  double cpuMicrosPerMessage() {
    long n = delivered.sum();
    return cpuAtStart < 0 || cpuAtEnd < 0 || n == 0 ? -1 : (cpuAtEnd - cpuAtStart) / (double) n;
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
