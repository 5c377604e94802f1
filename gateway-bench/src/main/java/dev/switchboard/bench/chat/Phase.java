package dev.switchboard.bench.chat;

import dev.switchboard.bench.CpuTime;
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

  private volatile CpuTime cpuAtStart = CpuTime.UNKNOWN;
  private volatile CpuTime cpuAtEnd = CpuTime.UNKNOWN;

  /** The phase starts; {@code cpu} is the server's CPU time so far. */
  void markStart(long nanos, CpuTime cpu) {
    firstSent = nanos;
    cpuAtStart = cpu;
  }

  /** Every message of the phase is in (or given up on); {@code cpu} as for {@link #markStart}. */
  void markEnd(CpuTime cpu) {
    cpuAtEnd = cpu;
  }

  /** The server's CPU time over the phase divided by the messages delivered, or -1 when not known. */
  double cpuMicrosPerMessage() {
    return cpuAtEnd.since(cpuAtStart).totalPer(delivered.sum());
  }

  /** The part of {@link #cpuMicrosPerMessage()} the server's JIT compiler threads spent, or -1. */
  double compilerMicrosPerMessage() {
    return cpuAtEnd.since(cpuAtStart).compilerPer(delivered.sum());
  }

  /** The server's minor page faults over the phase per message delivered, or -1 (see {@link CpuTime}). */
  double faultsPerMessage() {
    return cpuAtEnd.since(cpuAtStart).faultsPer(delivered.sum());
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
