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
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.model.IdentityKind;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    ChatRuntime rt = new ChatRuntime(ctx.ingest(), ctx.store(), ctx.events(), ctx.clock(), visitors, metrics,
        new ClientFrameParser(config.maxMessageLength()),
        MessageRate.perMinute(ctx.clock(), config.messagesPerMinute()), messages, ctx.csat(),
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
    return frameFor(m.message(), false).thenApply(frame -> {
      int live = visitors.find(visitorId).map(v -> {
        visitors.bind(v, m.conversation().id().value());
        return Math.max(0, v.pushReply(m.message().id().value(), frame));
      }).orElse(0);
      metrics.replySent(live > 0);
      // Stored either way: with no socket open the visitor gets it with the history on their next visit.
      return new Delivery.Sent("chat:" + m.message().id().value(), live > 0);
    });
  }

  /**
   * The frame that shows an outbound message: a {@code csat_request} for the message that asks a survey
   * (only the gateway's own messages are looked up), else a {@code message}.
   */
  private CompletionStage<ServerFrame> frameFor(Message message, boolean history) {
    ServerFrame plain = new ServerFrame.MessageFrame(messages.of(message), history);
    if (!ConversationStore.SYSTEM_AUTHOR.equals(message.author())) {
      return CompletableFuture.completedFuture(plain);
    }
    return ctx.store().csat().byMessage(message.id()).thenApply(survey -> survey.<ServerFrame>map(
        s -> new ServerFrame.CsatRequest(s.conversationId().value(), message.text(), history)).orElse(plain));
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
      visitors.byConversation(d.conversationId().value()).ifPresent(v -> pushFromStore(v, d.messageId()));
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
   * A reply the outbox sent on another node (the leader), to a visitor connected here: its delivery event
   * crossed nodes with ids only, so the message is read from the store, then pushed once.
   */
  private void pushFromStore(VisitorState v, MessageId id) {
    ctx.store().message(id).whenComplete((found, failure) -> {
      if (failure != null) {
        log.warn("Chat reply {} could not be read for its visitor: {}", id.value(), failure.toString());
        return;
      }
      found.filter(m -> m.direction() == Direction.OUT).ifPresent(m -> frameFor(m, false).thenAccept(frame -> {
        int live = v.pushReply(m.id().value(), frame);
        if (live >= 0) {
          metrics.replySent(live > 0);
        }
      }).exceptionally(err -> {
        log.warn("Chat reply {} could not be shown to its visitor: {}", id.value(), err.toString());
        return null;
      }));
    });
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
