package dev.switchboard.core.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code switchboard.http.requests} timers, one per route, method and status, registered once: a
 * registration per request built the meter's id and its sorted tags and looked it up for every answer.
 * And {@code switchboard.http.answer.handoff}, the wait of an answer completed off the event loop (by the
 * store's completion thread, say) for its loop to take it.
 */
final class RequestTimers {

  private record Key(String route, String method, int status) {}

  private final MeterRegistry meters;
  private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();
  private final Timer handoff;

  RequestTimers(MeterRegistry meters) {
    this.meters = meters;
    this.handoff = Timer.builder("switchboard.http.answer.handoff")
        .description("Time from an answer completed on another thread until its event loop took it")
        .register(meters);
  }

  Timer handoff() {
    return handoff;
  }

  Timer of(String route, String method, int status) {
    Key key = new Key(route, method, status);
    Timer timer = timers.get(key);
    return timer != null ? timer : timers.computeIfAbsent(key, k -> Timer.builder("switchboard.http.requests")
        .description("HTTP requests by route, method and status")
        .tag("route", k.route())
        .tag("method", k.method())
        .tag("status", Integer.toString(k.status()))
        .register(meters));
  }
}
