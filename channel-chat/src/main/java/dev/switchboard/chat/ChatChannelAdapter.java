package dev.switchboard.chat;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.ChatConfig;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.channel.ChannelAdapter;
import dev.switchboard.core.channel.Delivery;
import dev.switchboard.core.channel.GatewayContext;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.ConversationStatus;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.IdentityKind;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat: the customer websocket {@code /chat/ws}, the embeddable widget {@code /chat/widget.js},
 * its demo page {@code /chat/} and the visitors' paperclip {@code POST /chat/attachments}. Agent replies are pushed to the visitor's open sockets; with none
 * open they wait in the store and arrive with the history when the visitor comes back.
 */
public final class ChatChannelAdapter implements ChannelAdapter {

  /** The contact attribute holding the address a visitor typed: a claim, linked only once proved (EmailProofs). */
  public static final String CLAIMED_EMAIL = dev.switchboard.core.model.Contact.CLAIMED_EMAIL;

  private static final Logger log = LoggerFactory.getLogger(ChatChannelAdapter.class);

  private GatewayContext ctx;
  private Visitors visitors;
  private ChatMetrics metrics;
  private ChatEndpoint endpoint;
  private VisitorMessages messages;
  private ReplyPushes replies;
  private AutoCloseable subscription;

  @Override
  public Channel channel() {
    return Channel.CHAT;
  }

  @Override
  public boolean enabled(GatewayConfig config) {
    return config.channels().chat() != null;
  }

  @Override
  public void start(GatewayContext ctx) {
    this.ctx = ctx;
    ChatConfig config = ctx.config().channels().chat();
    // Published under the visitor's lock; the router only queues it on its own thread.
    visitors = new Visitors(ctx.clock(), (conversationId, watching) ->
        ctx.events().publish(new GatewayEvent.QueueWatched(new ConversationId(conversationId), watching)));
    metrics = new ChatMetrics(ctx.meters(), visitors);
    messages = new VisitorMessages(ctx.attachmentLinks(), this::agentName);
    replies = new ReplyPushes(ctx.store(), messages, metrics);
    ChatRuntime rt = new ChatRuntime(ctx.ingest(), ctx.store(), ctx.events(), ctx.clock(), visitors, metrics,
        new ClientFrameParser(config.maxMessageLength()),
        MessageRate.perMinute(ctx.clock(), config.messagesPerMinute()), messages, replies, ctx.csat(),
        new ChatReopen(ctx.chatReopenLinks(), ctx.meters()), new LoopHops());
    OriginPolicy origins = new OriginPolicy(config.allowedOrigins(), ctx::publicUrl);
    endpoint = new ChatEndpoint(rt, origins,
        config.maxFrameSize().toIntBytes(), config.idleTimeout(), ctx.config().server().authTimeout());
    ctx.routes()
        .webSocket("/chat/ws", endpoint)
        .get("/chat", ChatPages.redirect("/chat/"))
        .get("/chat/", ChatPages.resource("index.html"))
        .get("/chat/demo.css", ChatPages.resource("demo.css"));
    ChatPages.mountWidget(ctx.routes());
    new VisitorUploads(rt, ctx.attachmentIntake(), origins).mount(ctx.routes());
    subscription = ctx.events().subscribe(this::onEvent);
    log.info("Chat channel ready at /chat/ws; allowed origins {}", config.allowedOrigins());
  }

  @Override
  public CompletionStage<Delivery> send(OutboundMessage m) {
    if (m.to().kind() != IdentityKind.CHAT_VISITOR || m.conversation().channel() != Channel.CHAT) {
      return CompletableFuture.completedFuture(
          new Delivery.Failed("not_chat", "The recipient is not a chat visitor."));
    }
    if (m.message().direction() != Direction.OUT) {
      return CompletableFuture.completedFuture(
          new Delivery.Failed("not_outbound", "Only agent replies are sent to a visitor."));
    }
    String visitorId = m.to().value();
    return replies.frameFor(m.message(), false).thenApply(frame -> {
      int live = visitors.find(visitorId).map(v -> {
        visitors.bind(v, m.conversation().id().value());
        return Math.max(0, v.pushReply(m.message().id().value(), frame));
      }).orElse(0);
      metrics.replySent(live > 0);
      // Stored either way: with no socket open the visitor gets it with the history on their next visit.
      return new Delivery.Sent("chat:" + m.message().id().value(), live > 0);
    });
  }

  @Override
  public void stop() {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Unsubscribing the chat channel failed", e);
      }
    }
    if (endpoint != null) {
      endpoint.closeAll();
    }
  }

  private void onEvent(GatewayEvent event) {
    if (event instanceof GatewayEvent.ConversationUpdated updated) {
      Conversation c = updated.conversation();
      if (c.channel() == Channel.CHAT) {
        String agent = c.assignee() != null ? c.assignee() : c.lastAgent();
        visitors.find(c.threadKey()).ifPresent(v -> {
          if (c.status() != ConversationStatus.QUEUED) {
            v.leftQueue();
          }
          v.broadcast(new ServerFrame.ConversationUpdated(c.id().value(), c.status().key(), agentName(agent)), null);
        });
      }
    } else if (event instanceof GatewayEvent.DeliveryUpdated d
        && (d.status() == DeliveryStatus.SENT || d.status() == DeliveryStatus.DELIVERED)) {
      visitors.forReply(d.conversationId().value(), d.messageId().value())
          .ifPresent(v -> replies.fromStore(v, d.messageId()));
    } else if (event instanceof GatewayEvent.LeaderTookOver) {
      catchUp();
    } else if (event instanceof GatewayEvent.QueuePlace place) {
      String conversationId = place.conversationId().value();
      visitors.byConversation(conversationId).ifPresent(v -> {
        if (v.queuePlace(new ServerFrame.Queue(conversationId, place.position(),
            place.eta().map(eta -> OptionalLong.of(eta.toSeconds())).orElse(OptionalLong.empty())))) {
          metrics.queuePlaceSent();
        }
      });
    } else if (event instanceof GatewayEvent.AgentTyping typing) {
      visitors.byConversation(typing.conversationId().value()).ifPresent(
          v -> v.pushTransient(new ServerFrame.Typing(typing.conversationId().value())));
    }
  }

  /**
   * A new leader took over: each visitor connected here gets the replies recorded sent that were never
   * shown here (the old leader died before their delivery events crossed).
   */
  private void catchUp() {
    List<VisitorState> connected = visitors.connected();
    AtomicInteger shown = new AtomicInteger();
    CompletableFuture.allOf(connected.stream().map(v -> replies.catchUp(v).thenAccept(shown::addAndGet)
        .exceptionally(err -> {
          log.warn("Chat replies of visitor {} could not be caught up after a takeover: {}", v.visitorId(),
              err.toString());
          return null;
        }).toCompletableFuture()).toArray(CompletableFuture[]::new))
        .thenRun(() -> log.info("A new leader took over: {} chat replies never shown to the {} visitors connected "
            + "here were pushed", shown.get(), connected.size()));
  }

  /** An agent's display name for the visitor; agent ids stay internal. */
  private String agentName(String agentId) {
    if (agentId == null) {
      return null;
    }
    return ctx.config().agents().stream()
        .filter(a -> a.id().equals(agentId))
        .map(AgentConfig::name)
        .findFirst()
        .orElse("Support");
  }
}
