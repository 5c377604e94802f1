package dev.switchboard.bench.chat;

import dev.switchboard.bench.Log;
import dev.switchboard.bench.net.Paced;
import dev.switchboard.bench.net.WsClient;
import dev.switchboard.core.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Chat visitors who each open a conversation with one message ({@code hello}, the message on
 * {@code welcome}, done at its {@code ack}, which comes once it is stored). Most close their socket then;
 * the last {@code staying} keep it open and note each message pushed to them (text and arrival), so a bench
 * can tell who of them got a given text and when. At most {@code inFlight} + {@code staying} sockets are
 * open at once.
 */
public final class VisitorCrowd implements AutoCloseable {

  private final List<Visitor> staying;
  private final long acked;
  private final int count;

  private VisitorCrowd(List<Visitor> staying, long acked, int count) {
    this.staying = staying;
    this.acked = acked;
    this.count = count;
  }

  /**
   * Opens {@code count} conversations, visitor {@code n} writing {@code text.apply(n)}; waits until each
   * message is acknowledged (at most {@code timeout} in all).
   */
  public static VisitorCrowd open(EventLoopGroup group, URI uri, String origin, int count, int staying, int inFlight,
      IntFunction<String> text, Duration timeout) throws Exception {
    int firstStaying = Math.max(0, count - staying);
    List<Visitor> visitors = Paced.all(count, inFlight, timeout,
        n -> Visitor.open(group, uri, origin, n, text.apply(n), n >= firstStaying));
    List<Visitor> stay = visitors.stream().filter(v -> v.stays).toList();
    long acked = visitors.stream().filter(v -> v.acked).count();
    Log.info("chat: %d visitors opened a conversation, %d acknowledged; %d stay connected", count, acked, stay.size());
    return new VisitorCrowd(stay, acked, count);
  }

  /** Visitors whose message was acknowledged (stored). */
  public long acked() {
    return acked;
  }

  public int count() {
    return count;
  }

  /** Visitors still connected. */
  public long connected() {
    return staying.stream().filter(v -> v.ws.isOpen()).count();
  }

  public int staying() {
    return staying.size();
  }

  /** Staying visitors who got {@code text} pushed (not as history). */
  public long received(String text) {
    return staying.stream().filter(v -> v.pushed.containsKey(text)).count();
  }

  /** Staying visitors who got {@code text} pushed more than once. */
  public long receivedTwice(String text) {
    return staying.stream().filter(v -> v.pushed.getOrDefault(text, 0L) > 1).count();
  }

  /** When the last staying visitor got {@code text} ({@link System#nanoTime()}); empty if none did. */
  public OptionalLong lastReceivedNanos(String text) {
    return staying.stream().map(v -> v.firstAt.get(text)).filter(t -> t != null).mapToLong(Long::longValue).max();
  }

  @Override
  public void close() {
    staying.forEach(v -> v.ws.close());
  }

  /** One visitor. */
  private static final class Visitor {
    final boolean stays;
    /** How many times each text was pushed. */
    final Map<String, Long> pushed = new ConcurrentHashMap<>();
    final Map<String, Long> firstAt = new ConcurrentHashMap<>();
    final CompletableFuture<Visitor> done = new CompletableFuture<>();
    volatile WsClient ws;
    volatile boolean acked;

    private Visitor(boolean stays) {
      this.stays = stays;
    }

    static CompletableFuture<Visitor> open(EventLoopGroup group, URI uri, String origin, int n, String text,
        boolean stays) {
      Visitor v = new Visitor(stays);
      WsClient.connect(group, uri, origin, (ws, frame) -> v.onFrame(ws, frame, n, text)).whenComplete((ws, e) -> {
        if (e != null) {
          v.done.completeExceptionally(e);
        } else {
          v.ws = ws;
          ws.send(Json.mapper().createObjectNode().put("type", "hello").put("name", "Visitor " + n).toString());
        }
      });
      return v.done;
    }

    private void onFrame(WsClient ws, String frame, int n, String text) {
      this.ws = ws;
      JsonNode f = ChatParty.parse(frame);
      switch (f.path("type").asText()) {
        case "welcome" -> ws.send(Json.mapper().createObjectNode().put("type", "message").put("text", text)
            .put("clientId", String.format(Locale.ROOT, "crowd-%d", n)).toString());
        case "ack" -> {
          acked = true;
          if (!stays) {
            ws.close();
          }
          done.complete(this);
        }
        case "message" -> {
          JsonNode message = f.path("message");
          if (!"in".equals(message.path("direction").asText()) && !f.path("history").asBoolean()) {
            String pushedText = message.path("text").asText("");
            long now = System.nanoTime();
            firstAt.putIfAbsent(pushedText, now);
            pushed.merge(pushedText, 1L, Long::sum);
          }
        }
        case "error" -> {
          ChatParty.logError("visitor " + n, f);
          if (!acked) {
            ws.close();
            done.complete(this);
          }
        }
        default -> { }
      }
    }
  }
}
