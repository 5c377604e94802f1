package dev.switchboard.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The chat channel's meters, all named {@code switchboard.chat.*}. */
final class ChatMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final Counter framesReceived;
  private final Counter stored;
  private final Counter duplicates;
  private final Counter deliveredLive;
  private final Counter deliveredOffline;
  private final Counter queuePlaces;

  ChatMetrics(MeterRegistry registry, Visitors visitors) {
    this.registry = registry;
    Gauge.builder("switchboard.chat.connections", connections, AtomicInteger::get)
        .description("Open customer chat websockets").register(registry);
    Gauge.builder("switchboard.chat.visitors", visitors, Visitors::size)
        .description("Visitor sessions held in memory").register(registry);
    framesReceived = Counter.builder("switchboard.chat.frames.received")
        .description("Text frames received from visitors").register(registry);
    stored = Counter.builder("switchboard.chat.messages.received").tag("result", "stored")
        .description("Visitor messages committed").register(registry);
    duplicates = Counter.builder("switchboard.chat.messages.received").tag("result", "duplicate")
        .description("Visitor messages committed").register(registry);
    deliveredLive = Counter.builder("switchboard.chat.messages.sent").tag("mode", "live")
        .description("Agent replies pushed to an open websocket").register(registry);
    deliveredOffline = Counter.builder("switchboard.chat.messages.sent").tag("mode", "stored")
        .description("Agent replies kept for the visitor's next visit (no websocket open)").register(registry);
    queuePlaces = Counter.builder("switchboard.chat.queue.updates")
        .description("Places in line (queue frames) pushed to waiting visitors").register(registry);
  }

  void queuePlaceSent() {
    queuePlaces.increment();
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  void frameReceived() {
    framesReceived.increment();
  }

  void messageStored(boolean duplicate) {
    (duplicate ? duplicates : stored).increment();
  }

  void replySent(boolean live) {
    (live ? deliveredLive : deliveredOffline).increment();
  }

  /** A refused frame or failed operation, by the error code the visitor was given. */
  void error(String code) {
    registry.counter("switchboard.chat.errors", "code", code).increment();
  }

  void handshakeRefused(String reason) {
    registry.counter("switchboard.chat.handshakes.refused", "reason", reason).increment();
  }
}
