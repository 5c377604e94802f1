package dev.switchboard.bench.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.net.WsClient;
import dev.switchboard.core.http.Json;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent at {@code /agent/ws} who accepts every offer and answers every customer message once, with
 * the client id {@code re-<message id>}, so that an answer sent again after a restart is recognized by
 * the desk. Answers not acknowledged before a kill are sent again after the next {@code ready}, and
 * when their conversation is assigned again. A reconnect signs in with {@code resumeAfter} (the last
 * {@code seq} seen), as the console does.
 */
public final class DeskAgent {

  /** A reply sent and not yet acknowledged. */
  private record Pending(String conversationId, String text) {}

  private final EventLoopGroup group;
  private final int index;
  private final Map<String, Pending> unacked = new ConcurrentHashMap<>();
  private final Map<String, String> acked = new ConcurrentHashMap<>();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong lastSeq = new AtomicLong(-1);
  private volatile boolean resumed;
  private volatile String lastFrame = "none";
  private volatile WsClient ws;
  private final Map<String, AtomicLong> framesByType = new ConcurrentHashMap<>();
  private final AtomicLong signIns = new AtomicLong();
  private final AtomicLong bytesSinceSignIn = new AtomicLong();
  private final AtomicLong largestFrame = new AtomicLong();
  private volatile String port = "none";

  public DeskAgent(EventLoopGroup group, int index) {
    this.group = group;
    this.index = index;
  }

  /**
   * Connects to the gateway and signs in; the agent is available once this returns. A connection the
   * gateway closes before it is signed in (a follower that still relays to a leader that died: 4503) is
   * opened again after a moment, as the console does, for at most 30 s.
   */
  public void connect(GatewayProcess gateway) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    URI uri = URI.create("ws://127.0.0.1:" + gateway.port() + "/agent/ws");
    int attempts = 0;
    while (true) {
      attempts++;
      CompletableFuture<Void> ready = new CompletableFuture<>();
      ws = WsClient.connect(group, uri, "http://127.0.0.1:" + gateway.port(), (client, text) -> onFrame(text, ready))
          .get(30, TimeUnit.SECONDS);
      ObjectNode auth = frame("auth").put("token", GatewayConfigFile.agentToken(index));
      resumed = lastSeq.get() >= 0;
      if (resumed) {
        auth.put("resumeAfter", lastSeq.get());
      }
      ws.send(auth.toString());
      port = String.valueOf(gateway.port());
      while (!ready.isDone() && ws.isOpen() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      if (ready.isDone()) {
        signIns.incrementAndGet();
        framesByType.clear(); // from here on: what this sign-in brought
        bytesSinceSignIn.set(0);
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw new IllegalStateException("agent " + index + " could not sign in at port " + gateway.port() + " in "
            + attempts + " attempts within 30 s; last frame: " + lastFrame);
      }
      TimeUnit.MILLISECONDS.sleep(200); // closed before ready: reconnect
    }
  }

  public void disconnect() {
    WsClient current = ws;
    if (current != null) {
      current.close();
    }
  }

  /** Replies acknowledged by the desk: client id to the stored message id. */
  public Map<String, String> acknowledged() {
    return Map.copyOf(acked);
  }

  public int unacknowledged() {
    return unacked.size();
  }

  public long errors() {
    return errors.get();
  }

  /**
   * For a failure's diagnosis: where the agent is signed in, whether its connection is still open (and if not,
   * how it ended), the frames its last sign-in brought by type, and what is left unacknowledged.
   */
  public String describe() {
    WsClient current = ws;
    return "agent " + index + " at port " + port + ", sign-ins " + signIns.get() + ", connection "
        + (current == null ? "none" : current.isOpen() ? "open" : current.ended()) + ", frames since the last sign-in "
        + new java.util.TreeMap<>(framesByType) + " (" + bytesSinceSignIn.get() + " chars; largest frame of the run "
        + largestFrame.get() + "), last seq " + lastSeq.get() + ", replies unacknowledged "
        + unacked.size() + ", acknowledged " + acked.size() + ", error frames " + errors.get() + ", last frame "
        + lastFrame;
  }

  private void onFrame(String text, CompletableFuture<Void> ready) {
    JsonNode frame;
    try {
      frame = Json.read(text);
    } catch (IOException e) {
      throw new UncheckedIOException("the desk sent a frame that is not JSON", e);
    }
    lastFrame = text.length() > 300 ? text.substring(0, 300) + "…" : text;
    framesByType.computeIfAbsent(frame.path("type").asText(), t -> new AtomicLong()).incrementAndGet();
    bytesSinceSignIn.addAndGet(text.length());
    largestFrame.accumulateAndGet(text.length(), Math::max);
    if (frame.has("seq")) {
      lastSeq.accumulateAndGet(frame.path("seq").asLong(), Math::max);
    }
    switch (frame.path("type").asText()) {
      case "ready" -> {
        resumed = false;
        send(frame("presence").put("status", "available"));
        unacked.forEach((clientId, p) -> sendReply(clientId, p));
        // Messages that came while no agent was connected: read each held conversation again.
        frame.path("conversations").forEach(c -> send(frame("history").put("conversationId", c.path("id").asText())));
        ready.complete(null);
      }
      case "team" -> {
        if (resumed) { // a resumed sign-in gets the frames it missed and the team, and no ready
          ready.complete(null);
        }
      }
      case "offer" -> send(frame("accept").put("conversationId", frame.path("conversationId").asText()));
      case "assigned", "history" -> {
        String conversationId = frame.path("conversationId").asText();
        if (frame.path("type").asText().equals("assigned")) {
          // A reply refused while the conversation was not ours (requeued after a restart) goes now.
          unacked.forEach((clientId, p) -> {
            if (p.conversationId().equals(conversationId)) {
              sendReply(clientId, p);
            }
          });
        }
        frame.path("messages").forEach(m -> answer(conversationId, m));
      }
      case "message" -> answer(frame.path("conversationId").asText(), frame.path("message"));
      case "ack" -> {
        String clientId = frame.path("clientId").asText();
        acked.put(clientId, frame.path("messageId").asText());
        unacked.remove(clientId);
      }
      case "error" -> {
        errors.incrementAndGet();
        Log.info("agent %d got an error frame: %s", index, text);
      }
      default -> { }
    }
  }

  private void answer(String conversationId, JsonNode message) {
    if (!"in".equals(message.path("direction").asText())) {
      return;
    }
    String clientId = "re-" + message.path("id").asText();
    if (acked.containsKey(clientId)) {
      return;
    }
    Pending reply = new Pending(conversationId, "Answer to " + message.path("id").asText());
    if (unacked.putIfAbsent(clientId, reply) == null) {
      sendReply(clientId, reply);
    }
  }

  private void sendReply(String clientId, Pending p) {
    send(frame("reply").put("conversationId", p.conversationId()).put("text", p.text()).put("clientId", clientId));
  }

  private void send(ObjectNode frame) {
    WsClient current = ws;
    if (current != null) {
      current.send(frame.toString());
    }
  }

  private static ObjectNode frame(String type) {
    return Json.mapper().createObjectNode().put("type", type);
  }
}
