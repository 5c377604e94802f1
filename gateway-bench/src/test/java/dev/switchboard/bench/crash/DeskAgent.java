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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent at {@code /agent/ws} who accepts every offer and answers every customer message once, with
 * the client id {@code re-<message id>}, so that an answer sent again after a restart is recognized by
 * the desk. Answers not acknowledged before a kill are sent again after the next {@code ready}, and
 * when their conversation is assigned again. A reconnect signs in with {@code resumeAfter} (the last
 * {@code seq} seen), as the console does.
 *
 * <p>Like the console ({@link ConsoleRetry}), the agent opens its desk again by itself when the server ends
 * it (a follower's relay to a leader that died: 4503), and retries an attempt the gateway refuses (HTTP 503
 * while no leader is known or its router is still starting, 4503 before {@code ready}, a node that is gone)
 * after the console's backoff, for at most {@link #SIGN_IN_BOUND}: a user's console gets in within that, or
 * the test fails. A 4401 or an HTTP status other than 503 fails at once.
 */
public final class DeskAgent {

  /** How long a retrying client may be kept out; the console's sixth attempt comes 15.75-31.5 s after the first. */
  static final Duration SIGN_IN_BOUND = Duration.ofSeconds(45);

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
  /** Bumped by {@link #connect} and {@link #disconnect}: attempts of an earlier generation stop. */
  private final AtomicInteger generation = new AtomicInteger();
  private volatile CompletableFuture<Void> signedIn =
      CompletableFuture.failedFuture(new IllegalStateException("never connected"));
  private final Map<ConsoleRetry.Refusal, AtomicLong> refusals = new ConcurrentHashMap<>();
  private final AtomicLong longestKeptOutMillis = new AtomicLong();

  public DeskAgent(EventLoopGroup group, int index) {
    this.group = group;
    this.index = index;
  }

  /**
   * Connects to the gateway and signs in, retrying as the console does; the agent is available once this
   * returns. Throws when it could not sign in within {@link #SIGN_IN_BOUND}, or was refused for good.
   */
  public void connect(GatewayProcess gateway) throws Exception {
    int gen = generation.incrementAndGet();
    closeCurrent();
    port = String.valueOf(gateway.port());
    CompletableFuture<Void> done = signInAgain(gateway, gen);
    awaitSignedIn(done);
  }

  /**
   * Waits until the agent is signed in again after the server ended its desk (it reconnects by itself, to the
   * node it was on), at most {@link #SIGN_IN_BOUND}; throws as {@link #connect} does.
   */
  public void awaitSignedIn() throws Exception {
    awaitSignedIn(signedIn);
  }

  private void awaitSignedIn(CompletableFuture<Void> done) throws Exception {
    try {
      done.get(SIGN_IN_BOUND.toSeconds() + 10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  public void disconnect() {
    generation.incrementAndGet();
    closeCurrent();
  }

  private void closeCurrent() {
    WsClient current = ws;
    if (current != null) {
      current.close();
    }
  }

  private CompletableFuture<Void> signInAgain(GatewayProcess gateway, int gen) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    signedIn = done;
    attempt(gateway, gen, 0, System.nanoTime(), done);
    return done;
  }

  /** One attempt to open the desk and sign in; {@code failures} so far in this run of attempts. */
  private void attempt(GatewayProcess gateway, int gen, int failures, long since, CompletableFuture<Void> done) {
    if (generation.get() != gen) {
      done.completeExceptionally(new IllegalStateException("agent " + index + ": connected elsewhere meanwhile"));
      return;
    }
    URI uri = URI.create("ws://127.0.0.1:" + gateway.port() + "/agent/ws");
    CompletableFuture<Void> ready = new CompletableFuture<>();
    WsClient.connect(group, uri, "http://127.0.0.1:" + gateway.port(), (client, text) -> onFrame(text, ready))
        .whenComplete((client, failure) -> {
          if (failure != null) {
            retry(gateway, gen, failures, since, done, ConsoleRetry.Refusal.ofFailure(failure), failure.toString());
            return;
          }
          if (generation.get() != gen) {
            client.close();
            return;
          }
          ws = client;
          ObjectNode auth = frame("auth").put("token", GatewayConfigFile.agentToken(index));
          resumed = lastSeq.get() >= 0;
          if (resumed) {
            auth.put("resumeAfter", lastSeq.get());
          }
          client.send(auth.toString());
          client.closed().thenRun(() -> ready.completeExceptionally(new ClosedBeforeReady(client.closeCode())));
          ready.whenComplete((v, closed) -> {
            if (closed != null) {
              retry(gateway, gen, failures, since, done, ConsoleRetry.Refusal.ofClose(client.closeCode()),
                  client.ended());
              return;
            }
            signIns.incrementAndGet();
            framesByType.clear(); // from here on: what this sign-in brought
            bytesSinceSignIn.set(0);
            longestKeptOutMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since), Math::max);
            done.complete(null);
            client.closed().thenRun(() -> {
              if (generation.get() == gen && client.closeCode() != ConsoleRetry.CLOSE_UNAUTHORIZED) {
                Log.info("agent %d: desk at port %d %s; reconnecting", index, gateway.port(), client.ended());
                signInAgain(gateway, gen);
              }
            });
          });
        });
  }

  private void retry(GatewayProcess gateway, int gen, int failures, long since, CompletableFuture<Void> done,
      ConsoleRetry.Refusal refusal, String how) {
    refusals.computeIfAbsent(refusal, r -> new AtomicLong()).incrementAndGet();
    Duration delay = ConsoleRetry.backoff(failures + 1, ThreadLocalRandom.current().nextDouble());
    long keptOut = System.nanoTime() - since;
    if (!refusal.retried() || keptOut + delay.toNanos() > SIGN_IN_BOUND.toNanos()) {
      done.completeExceptionally(new IllegalStateException("agent " + index + " could not sign in at port "
          + gateway.port() + " (" + (failures + 1) + " attempts in " + TimeUnit.NANOSECONDS.toMillis(keptOut)
          + " ms, retrying as the console does for at most " + SIGN_IN_BOUND.toSeconds() + " s): " + refusal
          + ", " + how + "; last frame: " + lastFrame));
      return;
    }
    group.schedule(() -> attempt(gateway, gen, failures + 1, since, done), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The connection ended before {@code ready}. */
  private static final class ClosedBeforeReady extends Exception {
    ClosedBeforeReady(int code) {
      super("closed before ready: " + code, null, false, false);
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
    return "agent " + index + " at port " + port + ", sign-ins " + signIns.get() + ", attempts refused "
        + new java.util.TreeMap<>(refusals) + " (kept out at most " + longestKeptOutMillis.get() + " ms), connection "
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
