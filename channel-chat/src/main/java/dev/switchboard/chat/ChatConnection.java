package dev.switchboard.chat;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.frames.FrameLog;
import dev.switchboard.core.frames.SessionOutlet;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ConversationId;
import java.util.Optional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One visitor websocket. Runs on the connection's event loop; store results hop back through the
 * session's executor, so the fields below are only ever touched by that one thread.
 */
final class ChatConnection implements WebSocketListener, FrameLog.Outlet {

  private static final Logger log = LoggerFactory.getLogger(ChatConnection.class);
  private static final Duration TYPING_EVERY = Duration.ofSeconds(2);

  static final int CLOSE_HELLO_TIMEOUT = 4408;

  private enum Phase { AWAITING_HELLO, OPENING, OPEN, CLOSED }

  private final ChatRuntime rt;
  private final WebSocketSession session;
  private final SessionOutlet outlet;
  private Phase phase = Phase.AWAITING_HELLO;
  private long preHelloSeq;
  private VisitorState visitor;
  private String name;
  private String claimedEmail;
  private boolean emailRecorded;
  private Instant lastTyping = Instant.MIN;

  ChatConnection(ChatRuntime rt, WebSocketSession session) {
    this.rt = rt;
    this.session = session;
    this.outlet = new SessionOutlet(session);
  }

  /** Frames reach the socket in the order {@link VisitorState} numbered them; see {@link SessionOutlet}. */
  @Override
  public void deliver(String encodedFrame) {
    outlet.deliver(encodedFrame);
  }

  @Override
  public void onText(String text) {
    rt.metrics().frameReceived();
    ClientFrame frame = rt.parser().parse(text);
    // Shared event loop: the ids are in place while this frame is handled; the store carries them on.
    try (LogContext.Scope ch = LogContext.with(LogKey.CHANNEL, Channel.CHAT.key());
        LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, visitor == null ? null : visitor.conversationId())) {
      onFrame(frame);
    }
  }

  private void onFrame(ClientFrame frame) {
    if (frame instanceof ClientFrame.Invalid bad) {
      if (bad.code().equals("bad_score")) {
        rt.csat().refused(Channel.CHAT);
      }
      error(bad.code(), bad.message(), bad.clientId());
    } else if (frame instanceof ClientFrame.Hello hello) {
      onHello(hello);
    } else if (frame instanceof ClientFrame.SendMessage message) {
      onMessage(message);
    } else if (frame instanceof ClientFrame.Typing) {
      onTyping();
    } else if (frame instanceof ClientFrame.Csat csat) {
      onCsat(csat);
    }
  }

  @Override
  public boolean onRejectedFrame(String code, String message) {
    error(code, message, null);
    return true;
  }

  @Override
  public void onClose() {
    phase = Phase.CLOSED;
    if (visitor != null) {
      visitor.detach(this, rt.clock().instant());
    }
  }

  /** Closes (4408) a connection that has not sent {@code hello} by its deadline ({@code server.authTimeout}). */
  void helloDeadlinePassed() {
    if (phase == Phase.AWAITING_HELLO) {
      error("auth_timeout", "Send hello right after connecting.", null);
      // Behind the error frame: deliver() wrote it at once here on the loop, or queued its task before this one.
      session.executor().execute(() -> session.close(CLOSE_HELLO_TIMEOUT, "hello timeout"));
    }
  }

  private void onHello(ClientFrame.Hello hello) {
    if (phase != Phase.AWAITING_HELLO) {
      error("already_open", "hello was already sent on this connection.", null);
      return;
    }
    Optional<VisitorState> opening = VisitorOpening.start(rt, this, hello); // still awaiting hello when refused
    if (opening.isPresent()) {
      phase = Phase.OPENING;
      name = hello.name();
      claimedEmail = hello.email();
      visitor = opening.get();
    }
  }

  /** The welcome and the history (or what was missed) are sent: messages may come. */
  void opened(Optional<Contact> contact) {
    phase = Phase.OPEN;
    if (claimedEmail != null && contact.isPresent()) {
      emailRecorded = true;
      VisitorOpening.recordClaimedEmail(rt, session.id(), contact.get(), claimedEmail);
    }
  }

  /** The history could not be read: the visitor is told and the connection closed. */
  void unavailable() {
    error("unavailable", "The chat is unavailable right now; please try again shortly.", null);
    session.close(1011, "unavailable");
  }

  boolean closed() {
    return phase == Phase.CLOSED;
  }

  String sessionId() {
    return session.id();
  }

  private void onMessage(ClientFrame.SendMessage message) {
    if (phase != Phase.OPEN) {
      error("hello_required", "Send hello first and wait for welcome.", message.clientId());
      return;
    }
    if (!rt.messageRate().tryAcquire(visitor.visitorId())) {
      error("rate_limited", "Too many messages; wait a moment and send again.", message.clientId());
      return;
    }
    String visitorId = visitor.visitorId();
    InboundMessage inbound = VisitorInbound.builder(visitorId, message.clientId())
        .senderName(name)
        .text(message.text())
        .receivedAt(rt.clock().instant())
        .build();
    rt.ingest().accept(inbound).whenComplete(onLoop((result, failure) -> {
      if (failure != null) {
        log.warn("Chat message from session {} was not stored", session.id(), failure);
        error("not_stored", "The message was not saved; it will be sent again.", message.clientId());
        return;
      }
      try (LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, result.conversationId().value())) {
        onStored(message, inbound, result);
      }
    }));
  }

  private void onStored(ClientFrame.SendMessage message, InboundMessage inbound, IngestResult result) {
    boolean duplicate = result instanceof IngestResult.Duplicate;
    rt.metrics().messageStored(duplicate);
    String conversationId = result.conversationId().value();
    rt.visitors().bind(visitor, conversationId);
    if (phase == Phase.CLOSED) {
      return; // committed; the resend after reconnect is acknowledged as a duplicate
    }
    visitor.sendTo(this, new ServerFrame.Ack(message.clientId(), result.messageId().value(), conversationId, duplicate));
    if (!duplicate) {
      // The visitor's other tabs show what was written here.
      visitor.broadcast(new ServerFrame.MessageFrame(new ServerFrame.ChatMessage(result.messageId().value(),
          conversationId, "in", null, message.text(), inbound.receivedAt(), List.of()), false), this);
    }
    if (claimedEmail != null && !emailRecorded) {
      emailRecorded = true;
      String email = claimedEmail;
      rt.store().contacts().byIdentity(inbound.sender()).thenAccept(c -> c.ifPresent(
          contact -> VisitorOpening.recordClaimedEmail(rt, session.id(), contact, email)));
    }
  }

  private void onCsat(ClientFrame.Csat answer) {
    if (phase != Phase.OPEN) {
      error("hello_required", "Send hello first and wait for welcome.", null);
      return;
    }
    new VisitorCsat(rt, this, visitor).answer(answer);
  }

  private void onTyping() {
    if (phase != Phase.OPEN) {
      return;
    }
    String conversationId = visitor.conversationId();
    Instant now = rt.clock().instant();
    if (conversationId == null || Duration.between(lastTyping, now).compareTo(TYPING_EVERY) < 0) {
      return; // typing is a hint: extra ones are dropped, not refused
    }
    lastTyping = now;
    rt.events().publish(new GatewayEvent.CustomerTyping(new ConversationId(conversationId)));
  }

  void error(String code, String message, String clientId) {
    rt.metrics().error(code);
    ServerFrame frame = new ServerFrame.Error(code, message, clientId);
    if (visitor != null && phase == Phase.OPEN) {
      visitor.sendTo(this, frame);
    } else {
      deliver(frame.encode(++preHelloSeq));
    }
  }

  /**
   * Runs a store callback back on this connection's event loop, under the chat's log context (set here,
   * not carried over from the store's thread: that would copy the whole MDC twice per message), batched
   * with the other results for the same loop ({@link LoopHops}).
   */
  <T> BiConsumer<T, Throwable> onLoop(BiConsumer<T, Throwable> callback) {
    return (value, failure) -> rt.loops().run(session.bareExecutor(), () -> {
      try (LogContext.Scope ch = LogContext.with(LogKey.CHANNEL, Channel.CHAT.key());
          LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, visitor == null ? null : visitor.conversationId())) {
        callback.accept(value, failure);
      }
    });
  }
}
