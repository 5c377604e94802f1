package dev.switchboard.chat;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.ChannelsConfig;
import dev.switchboard.config.ChatConfig;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.GatewayContext;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Ids;
import dev.switchboard.core.model.Message;
import java.util.concurrent.TimeUnit;
import dev.switchboard.core.event.EventBus;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.ingest.Ingest;
import dev.switchboard.core.ingest.StoreIngest;
import dev.switchboard.core.attachments.AttachmentIntake;
import dev.switchboard.core.attachments.AttachmentLinks;
import dev.switchboard.core.attachments.AttachmentRules;
import dev.switchboard.core.store.BlobStore;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.testing.MutableClock;
import dev.switchboard.core.testing.TestStores;
import dev.switchboard.core.transport.GatewayServer;
import dev.switchboard.core.transport.RouteTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The chat channel on the real transport and a real SQLite store, on a free port of 127.0.0.1: what
 * the gateway assembles, minus routing. Tests play the agent side through the store and the adapter's
 * {@code send}, as the outbox would.
 */
final class ChatHarness implements AutoCloseable {

  static final String ALLOWED_ORIGIN = "https://shop.example.com";

  final MutableClock clock = MutableClock.startingAt("2026-03-02T09:00:00Z");
  final MeterRegistry meters = new SimpleMeterRegistry();
  final EventBus events = new EventBus();
  final List<GatewayEvent> published = new CopyOnWriteArrayList<>();
  final Stores stores;
  final ConversationStore store;
  final ChatChannelAdapter adapter = new ChatChannelAdapter();
  final GatewayServer server;
  final GatewayConfig config;
  final AttachmentLinks links;
  final AttachmentIntake intake;

  ChatHarness(Path dir, ChatConfig chat) throws Exception {
    this(dir, chat, null);
  }

  /** With the listener's settings ({@code server.authTimeout} and the like); {@code null} for the defaults. */
  ChatHarness(Path dir, ChatConfig chat, dev.switchboard.config.ServerConfig listener) throws Exception {
    stores = TestStores.sqlite(dir, clock);
    store = stores.conversations();
    events.subscribe(published::add);
    config = new GatewayConfig(listener, null, null, new ChannelsConfig(null, null, chat), null,
        List.of(new AgentConfig("alice", "Alice Agent", null, null, null, null, null)), null);
    RouteTable routes = new RouteTable();
    Ingest ingest = new StoreIngest(store, events);
    links = new AttachmentLinks(null, this::baseUri, clock);
    intake = new AttachmentIntake(stores.blobs(), new AttachmentRules(() -> config), meters, Runnable::run);
    adapter.start(new Context(config, ingest, routes, clock, meters, stores.blobs(), store, events, links, intake));
    server = GatewayServer.start("127.0.0.1", 0, routes, 1 << 20, meters);
  }

  private URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** Limits small enough to reach in a test. */
  static ChatConfig testConfig() {
    return new ChatConfig(List.of(ALLOWED_ORIGIN), 50, dev.switchboard.config.DataSize.ofKilobytes(1), 5,
        java.time.Duration.ofSeconds(1), null, null, null);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  ChatClient connect() throws Exception {
    return ChatClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/chat/ws"), ALLOWED_ORIGIN);
  }

  /** What the outbox does for an agent's reply: store it, then hand it to the adapter. */
  Delivery reply(String conversationId, String text) throws Exception {
    Message m = store.appendAgentMessage(new ConversationId(conversationId), Direction.OUT, "alice", text,
        "r-" + Ids.next()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    return deliver(m);
  }

  Delivery deliver(Message m) throws Exception {
    Conversation c = store.conversation(m.conversationId()).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
    Contact contact = store.contacts().find(c.contactId()).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
    return adapter.send(new OutboundMessage(m, c, contact, Identity.chatVisitor(c.threadKey()), List.of(), 1))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  Message note(String conversationId, String text) throws Exception {
    return store.appendAgentMessage(new ConversationId(conversationId), Direction.NOTE, "alice", text,
        "n-" + Ids.next()).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** What the router does when an agent resolves: save, then publish. */
  void resolve(String conversationId) throws Exception {
    Conversation c = store.conversation(new ConversationId(conversationId)).toCompletableFuture()
        .get(5, TimeUnit.SECONDS).orElseThrow();
    Conversation resolved = c.toBuilder().status(ConversationStatus.RESOLVED).assignee(null).lastAgent("alice")
        .firstResponseDue(null).nextResponseDue(null).updatedAt(clock.instant()).build();
    events.publish(new GatewayEvent.ConversationUpdated(
        store.saveConversation(resolved).toCompletableFuture().get(5, TimeUnit.SECONDS)));
  }

  @Override
  public void close() {
    adapter.stop();
    server.close(java.time.Duration.ofSeconds(1));
    stores.close();
  }

  private record Context(GatewayConfig config, Ingest ingest, HttpRoutes routes, Clock clock, MeterRegistry meters,
      BlobStore blobs, ConversationStore store, EventBus events, AttachmentLinks attachmentLinks,
      AttachmentIntake attachmentIntake) implements GatewayContext {
    @Override
    public AdminAuth adminAuth() {
      return request -> { };
    }
  }
}
