package dev.switchboard.bench.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.bench.net.WsClient;
import dev.switchboard.core.http.Json;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A chat visitor: on the gateway it says {@code hello} and waits for {@code welcome}; every message it
 * sends is acknowledged by an {@code ack} once stored, and agents' replies come back as {@code message}.
 */
final class Customer {

  final int index;
  final CompletableFuture<String> welcomed = new CompletableFuture<>();
  /** Completes with the first agent reply pushed to this visitor. */
  final CompletableFuture<String> pushed = new CompletableFuture<>();
  /** Completes with the conversation id the first {@code ack} names (the welcome names none before the first message). */
  final CompletableFuture<String> conversation = new CompletableFuture<>();
  private final LongAdder acks;
  private final Supplier<Phase> replies;
  private final AtomicLong seq = new AtomicLong();
  private volatile WsClient ws;

  private Customer(int index, LongAdder acks, Supplier<Phase> replies) {
    this.index = index;
    this.acks = acks;
    this.replies = replies;
  }

  /** Connects; with {@code hello} the future completes after {@code welcome}, otherwise after the handshake. */
  static CompletableFuture<Customer> connect(EventLoopGroup group, URI uri, String origin, int index,
      boolean hello, LongAdder acks) {
    return connect(group, uri, origin, index, hello, acks, () -> null);
  }

  /** As above; measured agent replies are handed to the phase {@code replies} gives at the time. */
  static CompletableFuture<Customer> connect(EventLoopGroup group, URI uri, String origin, int index,
      boolean hello, LongAdder acks, Supplier<Phase> replies) {
    Customer c = new Customer(index, acks, replies);
    return WsClient.connect(group, uri, origin, (ws, text) -> c.onFrame(text)).thenCompose(ws -> {
      c.ws = ws;
      if (!hello) {
        return CompletableFuture.completedFuture(c);
      }
      ObjectNode frame = Json.mapper().createObjectNode().put("type", "hello").put("name", "Bench visitor " + index);
      ws.send(frame.toString());
      return c.welcomed.thenApply(conversation -> c);
    });
  }

  private void onFrame(String text) {
    JsonNode frame = ChatParty.parse(text);
    switch (frame.path("type").asText()) {
      case "welcome" -> welcomed.complete(frame.path("conversationId").asText(""));
      case "ack" -> {
        acks.increment();
        conversation.complete(frame.path("conversationId").asText(""));
      }
      case "message" -> {
        long now = System.nanoTime();
        JsonNode message = frame.path("message");
        if (!"in".equals(message.path("direction").asText()) && !frame.path("history").asBoolean()) {
          pushed.complete(message.path("text").asText(""));
          BenchText measured = BenchText.parse(message.path("text").asText(null));
          Phase phase = replies.get();
          if (measured != null && phase != null) {
            phase.received(measured, now);
          }
        }
      }
      case "error" -> ChatParty.logError("customer " + index, frame);
      default -> { }
    }
  }

  /** Sends a measured message of {@code phase}, timed from {@code nanos}. */
  void send(Phase phase, long nanos) {
    long n = seq.incrementAndGet();
    phase.sent.increment();
    sendText(new BenchText(phase.id, index, n, nanos).text(), n);
  }

  /** Sends a plain message (the one that opens the conversation). */
  void sendText(String text) {
    sendText(text, seq.incrementAndGet());
  }

  private void sendText(String text, long n) {
    ws.send(Json.mapper().createObjectNode()
        .put("type", "message").put("text", text).put("clientId", clientId(n)).toString());
  }

  /** As the widget makes them (storage.js): the time in milliseconds as 12 hex digits first, then 12 more. */
  private String clientId(long n) {
    char[] id = new char[24];
    hex(id, 0, 12, System.currentTimeMillis());
    hex(id, 12, 4, index);
    hex(id, 16, 8, n);
    return new String(id);
  }

  /** The low {@code digits} hex digits of {@code value} into {@code to} from {@code at} (cheaper than a format). */
  private static void hex(char[] to, int at, int digits, long value) {
    for (int i = at + digits - 1; i >= at; i--, value >>>= 4) {
      to[i] = Character.forDigit((int) (value & 0xf), 16);
    }
  }

  boolean isOpen() {
    return ws != null && ws.isOpen();
  }

  void close() {
    if (ws != null) {
      ws.close();
    }
  }
}
