package dev.switchboard.bench.net;

import dev.switchboard.bench.LatencyHistogram;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What an HTTP load's requests came to: answers by status, 2xx ones completed, the rest failed, and how late. */
final class Answers {

  private final LatencyHistogram latency = new LatencyHistogram();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** {@code response} arrived {@code nanos} after its request was sent (closed loop) or due (open loop). */
  void answered(FullHttpResponse response, long nanos) {
    latency.recordNanos(nanos);
    int status = response.status().code();
    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    if (status >= 200 && status < 300) {
      completed.increment();
    } else {
      failed.increment();
    }
  }

  /** A request, or a connection, that got no answer. */
  void failed(long requests) {
    failed.add(requests);
  }

  long count() {
    return completed.sum() + failed.sum();
  }

  HttpLoad.Outcome outcome(Duration elapsed) {
    Map<Integer, Long> counted = new ConcurrentHashMap<>();
    statuses.forEach((s, n) -> counted.put(s, n.sum()));
    return new HttpLoad.Outcome(completed.sum(), failed.sum(), elapsed, latency, Map.copyOf(counted));
  }
}
