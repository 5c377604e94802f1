package dev.switchboard.server.cluster;

import static dev.switchboard.server.cluster.FrameClient.frame;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.Gateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A leader ({@code gw-l}) and two followers ({@code gw-a}, {@code gw-b}) of one {@link InProcessCluster},
 * started before each test and ready once both followers know the leader; after the test, the websocket
 * clients opened through it are closed and the nodes stopped. Register it with
 * {@code @RegisterExtension final ThreeNodes nodes = new ThreeNodes();}.
 */
final class ThreeNodes implements BeforeEachCallback, AfterEachCallback {

  private final List<FrameClient> clients = new ArrayList<>();
  private Path dir;
  private InProcessCluster cluster;
  private Gateway leader;
  private Gateway a;
  private Gateway b;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("switchboard-cluster");
    cluster = InProcessCluster.create(dir);
    leader = cluster.start("gw-l");
    a = cluster.start("gw-a");
    b = cluster.start("gw-b");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.cluster().leaderAddress().isPresent()
        && b.cluster().leaderAddress().isPresent());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    clients.forEach(FrameClient::close);
    clients.clear();
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      delete(dir);
    }
  }

  InProcessCluster cluster() {
    return cluster;
  }

  /** The node that leads at the start. */
  Gateway leader() {
    return leader;
  }

  /** A follower at the start. */
  Gateway a() {
    return a;
  }

  /** The other follower at the start. */
  Gateway b() {
    return b;
  }

  /** A visitor's websocket on {@code node}, closed after the test. */
  FrameClient chat(Gateway node) {
    return kept(InProcessCluster.chat(node));
  }

  /** An agent's desk on {@code node}, signing in (the {@code ready} is the test's to read); closed after the test. */
  FrameClient desk(Gateway node, String agent) {
    return kept(cluster.desk(node, agent));
  }

  /** A visitor who opened a chat on a node and wrote once: their socket, their token and the conversation. */
  record Visitor(FrameClient chat, String token, String conversationId) {}

  /** A new visitor says hello on {@code node} as {@code name} and writes {@code text} (its ack read). */
  Visitor newVisitor(Gateway node, String name, String text) {
    FrameClient chat = chat(node);
    chat.send(frame("hello").put("name", name));
    String token = chat.next("welcome").path("visitorToken").asText();
    chat.send(frame("message").put("text", text).put("clientId", "c1"));
    return new Visitor(chat, token, chat.next("ack").path("conversationId").asText());
  }

  /** A visitor comes back on {@code node} with their token (and {@code resumeAfter} when not null). */
  FrameClient returning(Gateway node, String token, Long resumeAfter) {
    FrameClient chat = chat(node);
    var hello = frame("hello").put("visitorToken", token);
    if (resumeAfter != null) {
      hello.put("resumeAfter", resumeAfter);
    }
    chat.send(hello);
    return chat;
  }

  private FrameClient kept(FrameClient client) {
    clients.add(client);
    return client;
  }

  private static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
