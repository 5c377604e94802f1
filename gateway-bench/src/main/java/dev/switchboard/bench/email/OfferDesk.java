package dev.switchboard.bench.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.net.WsClient;
import dev.switchboard.core.http.Json;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One agent at the desk ({@code /agent/ws}) who notes when each offer reaches it, by the order number in
 * the offered conversation's subject ({@link Mails#typical}: "Where is my order #n?"), accepts it and
 * resolves it at once, so the agent's load stays near zero and every new conversation is offered at once.
 */
final class OfferDesk implements AutoCloseable {

  private static final Pattern ORDER = Pattern.compile("#(\\d+)");

  private final Map<Long, Long> offeredAt = new ConcurrentHashMap<>();
  private final LongAdder offers = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private WsClient ws;

  /** Signs agent 0 in and makes it available; returns once the desk answered {@code ready}. */
  static OfferDesk signIn(EventLoopGroup group, int port, Duration timeout) throws Exception {
    OfferDesk desk = new OfferDesk();
    desk.ws = WsClient.connect(group, URI.create("ws://127.0.0.1:" + port + "/agent/ws"), null,
        (ws, text) -> desk.onFrame(ws, text)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    desk.ws.send(Json.mapper().createObjectNode().put("type", "auth")
        .put("token", GatewayConfigFile.agentToken(0)).toString());
    desk.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    desk.ws.send(Json.mapper().createObjectNode().put("type", "presence").put("status", "available").toString());
    return desk;
  }

  /** When the first offer of the conversation of order {@code n} reached the desk ({@link System#nanoTime}), or 0. */
  long offeredAt(long n) {
    return offeredAt.getOrDefault(n, 0L);
  }

  long offers() {
    return offers.sum();
  }

  long errors() {
    return errors.sum();
  }

  private void onFrame(WsClient ws, String text) {
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
        frame.path("offers").forEach(offer -> offered(ws, offer, now));
        ready.complete(null);
      }
      case "offer" -> offered(ws, frame, now);
      case "assigned" -> ws.send(Json.mapper().createObjectNode().put("type", "resolve")
          .put("conversationId", frame.path("conversation").path("id").asText()).toString());
      case "error" -> {
        if (errors.sum() < 10) {
          Log.info("desk error frame: %s", frame);
        }
        errors.increment();
      }
      default -> { }
    }
  }

  private void offered(WsClient ws, JsonNode offer, long now) {
    offers.increment();
    Matcher m = ORDER.matcher(offer.path("conversation").path("subject").asText());
    if (m.find()) {
      offeredAt.putIfAbsent(Long.parseLong(m.group(1)), now);
    }
    ws.send(Json.mapper().createObjectNode().put("type", "accept")
        .put("conversationId", offer.path("conversationId").asText()).toString());
  }

  @Override
  public void close() {
    if (ws != null) {
      ws.close();
    }
  }
}
