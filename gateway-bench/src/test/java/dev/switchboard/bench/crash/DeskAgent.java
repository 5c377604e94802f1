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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent at {@code /agent/ws} who accepts every offer and answers every customer message once, with
 * the client id {@code re-<message id>}, so that an answer sent again after a restart is recognized by
 * the desk. Answers not acknowledged before a kill are sent again after the next {@code ready}, and
 * when their conversation is assigned again. A reconnect signs in with {@code resumeAfter} (the last
 * {@code seq} seen), as the console does. A follower closes a relayed desk with 4503 whenever the leader it
 * knows of changes, also long after the agent signed in there (a new leader that lost its lease and took it
 * again): the agent then signs in again at the same node, after 100 ms, doubling up to 3 s for closes in a
 * row, and gives up after {@value #MAX_RECONNECTS} in a row (each sign-in that lasted 10 s ends a row).
 */
public final class DeskAgent {

  /** The close code of a desk relayed by a follower whose leader changed. */
  static final int LEADER_CHANGED = 4503;
  static final int MAX_RECONNECTS = 6;
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 3_000;
  private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

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
  private volatile int port = -1;
  /** The connection that signed in last; only its close brings the agent back. */
  private volatile WsClient signedIn;
  private volatile long signedInAt;
  private volatile WsClient.Closed lastClose;
  /** Moved on by every connect and disconnect from outside: a reconnect scheduled before either is dropped. */
  private final AtomicLong placements = new AtomicLong();
  private final AtomicInteger closesInARow = new AtomicInteger();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile String gaveUp = "no";
  // Signing in blocks (up to 30 s): never on an event loop, on this thread.
  private final ScheduledExecutorService reconnecting = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "desk-agent-reconnect");
    t.setDaemon(true);
    return t;
  });

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
    connect(gateway.port());
  }

  /** Connects to the desk at {@code port} of this host and signs in, as {@link #connect(GatewayProcess)}. */
  void connect(int port) throws Exception {
    placements.incrementAndGet();
    signIn(port);
  }

  private synchronized void signIn(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    URI uri = URI.create("ws://127.0.0.1:" + port + "/agent/ws");
    int attempts = 0;
    while (true) {
      attempts++;
      CompletableFuture<Void> ready = new CompletableFuture<>();
      ws = WsClient.connect(group, uri, "http://127.0.0.1:" + port, (client, text) -> onFrame(client, text, ready),
          this::onClosed).get(30, TimeUnit.SECONDS);
      ObjectNode auth = frame("auth").put("token", GatewayConfigFile.agentToken(index));
      resumed = lastSeq.get() >= 0;
      if (resumed) {
        auth.put("resumeAfter", lastSeq.get());
      }
      ws.send(auth.toString());
      this.port = port;
      while (!ready.isDone() && ws.isOpen() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      if (ready.isDone()) {
        framesByType.clear(); // from here on: what this sign-in brought
        bytesSinceSignIn.set(0);
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw new IllegalStateException("agent " + index + " could not sign in at port " + port + " in "
            + attempts + " attempts within 30 s; last frame: " + lastFrame);
      }
      TimeUnit.MILLISECONDS.sleep(200); // closed before ready: reconnect
    }
  }

  public void disconnect() {
    placements.incrementAndGet();
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
    return "agent " + index + " at port " + port + ", sign-ins " + signIns.get() + " (" + reconnects.get()
        + " after a close " + LEADER_CHANGED + ", gave up: " + gaveUp + "), last close " + lastClose + ", connection "
        + (current == null ? "none" : current.isOpen() ? "open" : current.ended()) + ", frames since the last sign-in "
        + new java.util.TreeMap<>(framesByType) + " (" + bytesSinceSignIn.get() + " chars; largest frame of the run "
        + largestFrame.get() + "), last seq " + lastSeq.get() + ", replies unacknowledged "
        + unacked.size() + ", acknowledged " + acked.size() + ", error frames " + errors.get() + ", last frame "
        + lastFrame;
  }

  /** Whether the agent is signed in now, and how many times it signed in. */
  boolean signedIn() {
    WsClient current = ws;
    return current != null && current == signedIn && current.isOpen();
  }

  long signIns() {
    return signIns.get();
  }

  /** Runs on the connection's event loop: schedules a sign-in again after a 4503 of a signed-in desk. */
  private void onClosed(WsClient client, WsClient.Closed closed) {
    lastClose = closed;
    if (client != signedIn || closed.code() != LEADER_CHANGED) {
      return; // closed before ready (the sign-in loop retries), by the agent itself, or for another reason
    }
    if (System.nanoTime() - signedInAt > STABLE_NANOS) {
      closesInARow.set(0);
    }
    scheduleReconnect(placements.get(), closesInARow.incrementAndGet(), closed);
  }

  private void scheduleReconnect(long placement, int inARow, WsClient.Closed why) {
    if (inARow > MAX_RECONNECTS) {
      gaveUp = "after " + MAX_RECONNECTS + " reconnects in a row, last close " + why;
      Log.info("agent %d gives up reconnecting: %s", index, gaveUp);
      return;
    }
    long delay = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (inARow - 1));
    Log.info("agent %d: desk closed (%s); signing in again at port %d in %d ms (%d in a row)", index, why, port,
        delay, inARow);
    reconnecting.schedule(() -> reconnect(placement, inARow, why), delay, TimeUnit.MILLISECONDS);
  }

  private void reconnect(long placement, int inARow, WsClient.Closed why) {
    synchronized (this) {
      if (placements.get() != placement) {
        return; // moved or disconnected meanwhile
      }
      try {
        signIn(port);
        reconnects.incrementAndGet();
        return;
      } catch (Exception e) {
        Log.info("agent %d could not sign in again at port %d: %s", index, port, e);
      }
    }
    scheduleReconnect(placement, closesInARow.incrementAndGet(), why);
  }

  private void onFrame(WsClient client, String text, CompletableFuture<Void> ready) {
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
        signedIn(client);
        ready.complete(null);
      }
      case "team" -> {
        if (resumed) { // a resumed sign-in gets the frames it missed and the team, and no ready
          signedIn(client);
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

  /** On the event loop: counted before a close that follows is seen. Once per connection (team frames repeat). */
  private void signedIn(WsClient client) {
    if (signedIn != client) {
      signIns.incrementAndGet();
      signedInAt = System.nanoTime();
      signedIn = client;
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
