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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An agent at the desk ({@code /agent/ws}): {@code auth}, {@code presence available}, accepts every
 * {@code offer}, counts {@code assigned}, and hands every measured {@code message} to the current phase.
 * On the bare relay it only reads messages. With {@code reply} set it answers each assigned conversation.
 */
final class Agent {

  final int index;
  final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final Counters counters;
  private final Supplier<Phase> phase;
  private final String reply;
  private final AtomicLong replies = new AtomicLong();
  private volatile WsClient ws;

  /** What all agents saw, together. */
  static final class Counters {
    final LongAdder assigned = new LongAdder();
    final LongAdder unmeasured = new LongAdder();
    /** Told the conversation id of every offer and every assignment, when set (the cluster bench). */
    volatile Consumer<String> offered = id -> { };
    volatile Consumer<String> assignedIds = id -> { };
    /** When set, every measured inbound message is answered with a measured reply of this phase. */
    volatile Phase echo;
  }

  private Agent(int index, Counters counters, Supplier<Phase> phase, String reply) {
    this.index = index;
    this.counters = counters;
    this.phase = phase;
    this.reply = reply;
  }

  /**
   * Connects; with a {@code token} (the gateway's desk) it authenticates and becomes available, and the
   * future completes after {@code ready}.
   */
  static CompletableFuture<Agent> connect(EventLoopGroup group, URI uri, String origin, int index, String token,
      Counters counters, Supplier<Phase> phase, String reply) {
    Agent a = new Agent(index, counters, phase, reply);
    return WsClient.connect(group, uri, origin, (ws, text) -> a.onFrame(text)).thenCompose(ws -> {
      a.ws = ws;
      if (token == null) {
        return CompletableFuture.completedFuture(a);
      }
      ws.send(Json.mapper().createObjectNode().put("type", "auth").put("token", token).toString());
      return a.ready.thenApply(v -> {
        ws.send(Json.mapper().createObjectNode().put("type", "presence").put("status", "available").toString());
        return a;
      });
    });
  }

  private void onFrame(String text) {
    long now = System.nanoTime();
    JsonNode frame = ChatParty.parse(text);
    switch (frame.path("type").asText()) {
      case "ready" -> ready.complete(null);
      case "offer" -> {
        counters.offered.accept(frame.path("conversationId").asText());
        send(Json.mapper().createObjectNode()
            .put("type", "accept").put("conversationId", frame.path("conversationId").asText()));
      }
      case "assigned" -> {
        counters.assigned.increment();
        String conversationId = frame.path("conversation").path("id").asText();
        counters.assignedIds.accept(conversationId);
        if (reply != null) {
          send(Json.mapper().createObjectNode().put("type", "reply").put("conversationId", conversationId)
              .put("text", reply).put("clientId", "a" + index + "-" + replies.incrementAndGet()));
        }
      }
      case "message" -> {
        BenchText measured = ChatParty.measured(frame);
        Phase current = phase.get();
        Phase echo = counters.echo;
        if (measured != null && echo != null && "in".equals(frame.path("message").path("direction").asText())) {
          echo.sent.increment();
          send(Json.mapper().createObjectNode().put("type", "reply")
              .put("conversationId", frame.path("conversationId").asText())
              .put("text", new BenchText(echo.id, measured.customer(), measured.seq(), System.nanoTime()).text())
              .put("clientId", "a" + index + "-" + replies.incrementAndGet()));
        }
        if (measured != null && current != null) {
          current.received(measured, now);
        } else if (measured == null) {
          counters.unmeasured.increment();
        }
      }
      case "error" -> ChatParty.logError("agent " + index, frame);
      default -> { }
    }
  }

  private void send(ObjectNode frame) {
    ws.send(frame.toString());
  }

  void close() {
    if (ws != null) {
      ws.close();
    }
  }
}
