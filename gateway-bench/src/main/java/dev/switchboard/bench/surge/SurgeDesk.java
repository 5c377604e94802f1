package dev.switchboard.bench.surge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.LatencyHistogram;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.net.WsClient;
import dev.switchboard.core.http.Json;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The desk opening on a backlog: {@code agents} agents sign in over {@code /agent/ws}, all at once or spread
 * evenly over {@code signInOver}, accept every offer and resolve each conversation as soon as it is
 * assigned. Times sign-in ({@code auth} sent to {@code ready}), the desk commands while the backlog drains
 * ({@code accept} sent to {@code assigned}, {@code resolve} sent to {@code conversation_updated} resolved),
 * the first offer, and the drain; counts urgent (vip) offers the router made after its first
 * standard offer (by the router's clock, read from {@code expiresAt}: offers of one decision share it and
 * count as simultaneous), and, less strictly, in the order the offers reached the desk: agents read on
 * several threads, so on a loaded machine that order can differ from the router's.
 */
final class SurgeDesk {

  private final int expected;
  private final LatencyHistogram ready = new LatencyHistogram();
  private final LatencyHistogram accept = new LatencyHistogram();
  private final LatencyHistogram resolve = new LatencyHistogram();
  private final LongAccumulator firstReady = new LongAccumulator(Math::min, Long.MAX_VALUE);
  private final LongAccumulator firstOffer = new LongAccumulator(Math::min, Long.MAX_VALUE);
  private final AtomicLong lastResolved = new AtomicLong();
  private final LongAdder offers = new LongAdder();
  private final LongAdder offersTwice = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder resolved = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicInteger notAvailable = new AtomicInteger();
  private final CountDownLatch drained;
  private final List<WsClient> clients = new ArrayList<>();
  private final Object order = new Object();
  private final List<Instant> urgentDecided = new ArrayList<>();
  private Instant firstStandardDecided;
  private boolean standardSeen;
  private long urgentAfterStandardSeen;

  /** What the desk measured. Times are {@link System#nanoTime} values; 0 when it never happened. */
  record Outcome(LatencyHistogram ready, LatencyHistogram accept, LatencyHistogram resolve, long firstReadyNanos, long firstOfferNanos, long lastResolvedNanos,
      long offers, long accepted, long resolved, long errors, long urgentOffers, long urgentAfterStandard,
      long urgentAfterStandardSeen, int notAvailable, long offersTwice) {}

  private final Duration handle;

  /** {@code handle}: how long an agent holds a conversation before resolving it (zero: at once). */
  SurgeDesk(int expected, Duration handle) {
    this.expected = expected;
    this.handle = handle;
    this.drained = new CountDownLatch(expected);
  }

  /**
   * Signs {@code agents} agents in, all at once ({@code signInOver} zero) or the i-th at i × signInOver /
   * agents, and waits until {@code expected} conversations are resolved, or only {@code measure} when that
   * is not zero (a desk at work on the backlog rather than draining it).
   */
  Outcome drain(EventLoopGroup group, URI desk, int agents, Duration signInOver, Duration measure,
      Duration timeout) throws Exception {
    List<CompletableFuture<WsClient>> connecting = new ArrayList<>(agents);
    long start = System.nanoTime();
    for (int i = 0; i < agents; i++) {
      long due = start + signInOver.toNanos() * i / agents;
      while (System.nanoTime() < due) {
        LockSupport.parkNanos(due - System.nanoTime());
      }
      String token = GatewayConfigFile.agentToken(i);
      AtomicLong authSent = new AtomicLong();
      Map<String, Long> sent = new HashMap<>();
      connecting.add(WsClient.connect(group, desk, null, (ws, text) -> onFrame(ws, text, authSent, sent))
          .thenApply(ws -> {
            authSent.set(System.nanoTime());
            ws.send(Json.mapper().createObjectNode().put("type", "auth").put("token", token).toString());
            return ws;
          }));
    }
    for (CompletableFuture<WsClient> c : connecting) {
      clients.add(c.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }
    if (!measure.isZero()) {
      Log.info("%d agents connected; at work for %s", agents, measure);
      drained.await(Math.max(0, measure.toNanos() - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
    } else {
      Log.info("%d agents connected; waiting for %d resolutions (at most %s)", agents, expected, timeout);
      if (!drained.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        Log.info("drain incomplete: %d of %d resolved", resolved.sum(), expected);
      }
    }
    synchronized (order) {
      long urgentAfterStandard = firstStandardDecided == null ? 0
          : urgentDecided.stream().filter(t -> t.isAfter(firstStandardDecided)).count();
      return new Outcome(ready, accept, resolve, at(firstReady), at(firstOffer), lastResolved.get(), offers.sum(), accepted.sum(),
          resolved.sum(), errors.sum(), urgentDecided.size(), urgentAfterStandard, urgentAfterStandardSeen,
          notAvailable.get(), offersTwice.sum());
    }
  }

  void close() {
    clients.forEach(WsClient::close);
  }

  private static long at(LongAccumulator first) {
    long value = first.get();
    return value == Long.MAX_VALUE ? 0 : value;
  }

  /**
   * One agent's frames, on its connection's event loop. {@code sent}: per conversation this agent was
   * offered, when it last sent a command for it ({@code accept}, then {@code resolve}); an offer that reaches
   * it a second time (as an {@code offer} frame and listed in {@code ready}, which the desk protocol rules
   * out) is counted, not accepted again.
   */
  private void onFrame(WsClient ws, String text, AtomicLong authSent, Map<String, Long> sent) {
    long now = System.nanoTime();
    JsonNode frame;
    try {
      frame = Json.read(text);
    } catch (JsonProcessingException e) {
      errors.increment();
      return;
    }
    switch (frame.path("type").asText()) {
      case "ready" -> {
        ready.recordNanos(now - authSent.get());
        firstReady.accumulate(now);
        if (!"available".equals(frame.path("presence").asText())) {
          notAvailable.incrementAndGet();
        }
        // Offers open before this desk signed in are listed in it; those its sign-in makes follow as frames.
        frame.path("offers").forEach(offer -> offered(ws, offer, now, sent));
      }
      case "offer" -> offered(ws, frame, now, sent);
      case "assigned" -> {
        accepted.increment();
        String conversation = frame.path("conversation").path("id").asText();
        Long acceptSent = sent.get(conversation);
        if (acceptSent != null) {
          accept.recordNanos(now - acceptSent);
        }
        String resolveFrame = Json.mapper().createObjectNode().put("type", "resolve")
            .put("conversationId", conversation).toString();
        if (handle.isZero()) {
          sent.put(conversation, System.nanoTime());
          ws.send(resolveFrame);
        } else {
          // The same event loop as this agent's frames, so that sent is only touched there.
          ws.eventLoop().schedule(() -> {
            sent.put(conversation, System.nanoTime());
            ws.send(resolveFrame);
          }, handle.toNanos(), TimeUnit.NANOSECONDS);
        }
      }
      case "conversation_updated" -> {
        if ("resolved".equals(frame.path("reason").asText())) {
          Long resolveSent = sent.get(frame.path("conversation").path("id").asText());
          if (resolveSent != null) {
            resolve.recordNanos(now - resolveSent);
          }
          resolved.increment();
          lastResolved.accumulateAndGet(now, Math::max);
          drained.countDown();
        }
      }
      case "error" -> {
        if (errors.sum() < 10) {
          Log.info("desk error frame: %s", frame);
        }
        errors.increment();
      }
      default -> { }
    }
  }

  private void offered(WsClient ws, JsonNode offer, long now, Map<String, Long> sent) {
    String conversation = offer.path("conversationId").asText();
    if (sent.containsKey(conversation)) {
      offersTwice.increment();
      return;
    }
    offers.increment();
    firstOffer.accumulate(now);
    boolean urgent = "vip".equals(offer.path("tier").asText());
    // The router's own time of the offer: expiresAt is the decision's clock plus the offer timeout.
    Instant decided = Instant.parse(offer.path("expiresAt").asText());
    synchronized (order) {
      if (urgent) {
        urgentDecided.add(decided);
        if (standardSeen) {
          urgentAfterStandardSeen++;
        }
      } else {
        standardSeen = true;
        firstStandardDecided = firstStandardDecided == null || decided.isBefore(firstStandardDecided)
            ? decided : firstStandardDecided;
      }
    }
    sent.put(conversation, System.nanoTime());
    ws.send(Json.mapper().createObjectNode().put("type", "accept")
        .put("conversationId", conversation).toString());
  }
}
