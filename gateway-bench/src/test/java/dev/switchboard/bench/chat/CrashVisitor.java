package dev.switchboard.bench.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.net.WsClient;
import dev.switchboard.core.http.Json;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat visitor across gateway restarts: keeps its visitor token, writes one message at a time (the
 * next once the last is acknowledged), and after each {@code welcome} sends again, with the same client
 * ids, every message not yet acknowledged. Counts each agent reply pushed to it live, by message id. A
 * reconnect says hello with {@code resumeAfter} (the last {@code seq} seen), as the widget does.
 */
public final class CrashVisitor {

  final int index;
  private final EventLoopGroup group;
  private final Map<String, String> unacked = new LinkedHashMap<>(); // client id -> text, in order; guarded by this
  private final Map<String, String> acked = new ConcurrentHashMap<>(); // client id -> stored message id
  private final Map<String, String> textOf = new ConcurrentHashMap<>();
  private final Map<String, Integer> livePushes = new ConcurrentHashMap<>();
  private final Set<String> repliesSeen = ConcurrentHashMap.newKeySet();
  private final AtomicInteger errors = new AtomicInteger();
  private volatile String token;
  private volatile long lastSeq = -1;
  private volatile boolean writing = true;
  private volatile WsClient ws;
  private volatile int port;
  private volatile String conversationId;
  private final AtomicInteger welcomes = new AtomicInteger();
  private int written;

  public CrashVisitor(EventLoopGroup group, int index) {
    this.group = group;
    this.index = index;
  }

  /** Connects and says hello; the rest follows from {@code welcome}. */
  public void connect(GatewayProcess gateway) throws Exception {
    port = gateway.port();
    URI uri = URI.create("ws://127.0.0.1:" + gateway.port() + "/chat/ws");
    ws = WsClient.connect(group, uri, "http://127.0.0.1:" + gateway.port(), (client, text) -> onFrame(text))
        .get(30, TimeUnit.SECONDS);
    ObjectNode hello = Json.mapper().createObjectNode().put("type", "hello").put("name", "Visitor " + index);
    if (token != null) {
      hello.put("visitorToken", token);
    }
    if (lastSeq >= 0) {
      hello.put("resumeAfter", lastSeq);
    }
    ws.send(hello.toString());
  }

  public void disconnect() {
    WsClient current = ws;
    if (current != null) {
      current.close();
    }
  }

  /** From now on only what is unacknowledged is sent again; nothing new is written. */
  public void stopWriting() {
    writing = false;
  }

  public synchronized int unacknowledged() {
    return unacked.size();
  }

  /** Acknowledged messages: client id to the stored message id. */
  public Map<String, String> acknowledged() {
    return Map.copyOf(acked);
  }

  public String text(String clientId) {
    return textOf.get(clientId);
  }

  public Map<String, Integer> livePushes() {
    return Map.copyOf(livePushes);
  }

  public Set<String> repliesSeen() {
    return Set.copyOf(repliesSeen);
  }

  public int errors() {
    return errors.get();
  }

  public int index() {
    return index;
  }

  /** The conversation the last {@code welcome} named, or null before one named it. */
  public String conversationId() {
    return conversationId;
  }

  /** Where the visitor is and how its connection stands, for a failed run's diagnosis. */
  public String describe() {
    WsClient current = ws;
    return "visitor " + index + " at port " + port + ", conversation " + conversationId + ", welcomes "
        + welcomes.get() + ", connection " + (current == null ? "none" : current.isOpen() ? "open" : current.ended())
        + ", last seq " + lastSeq + ", replies seen " + repliesSeen.size() + ", unacknowledged " + unacknowledged()
        + ", error frames " + errors.get();
  }

  private void onFrame(String text) {
    JsonNode frame = ChatParty.parse(text);
    if (frame.has("seq")) {
      lastSeq = Math.max(lastSeq, frame.path("seq").asLong());
    }
    switch (frame.path("type").asText()) {
      case "welcome" -> {
        welcomes.incrementAndGet();
        if (frame.hasNonNull("conversationId")) {
          conversationId = frame.path("conversationId").asText();
        }
        token = frame.path("visitorToken").asText();
        resendOrWrite();
      }
      case "ack" -> {
        String clientId = frame.path("clientId").asText();
        if (frame.hasNonNull("conversationId")) {
          conversationId = frame.path("conversationId").asText();
        }
        acked.put(clientId, frame.path("messageId").asText());
        synchronized (this) {
          unacked.remove(clientId);
        }
        resendOrWrite();
      }
      case "message" -> {
        JsonNode message = frame.path("message");
        if ("out".equals(message.path("direction").asText())) {
          String id = message.path("id").asText();
          repliesSeen.add(id);
          if (!frame.path("history").asBoolean()) {
            livePushes.merge(id, 1, Integer::sum);
          }
        }
      }
      case "error" -> errors.incrementAndGet();
      default -> { }
    }
  }

  /** Runs on the connection's event loop after welcome and after each ack. */
  private synchronized void resendOrWrite() {
    if (!unacked.isEmpty()) {
      String first = unacked.keySet().iterator().next();
      send(first, unacked.get(first));
      return;
    }
    if (writing) {
      written++;
      String clientId = "v" + index + "-" + written;
      String text = "Visitor " + index + " writes message " + written;
      unacked.put(clientId, text);
      textOf.put(clientId, text);
      send(clientId, text);
    }
  }

  private void send(String clientId, String text) {
    WsClient current = ws;
    if (current != null) {
      current.send(Json.mapper().createObjectNode().put("type", "message").put("text", text)
          .put("clientId", clientId).toString());
    }
  }
}
