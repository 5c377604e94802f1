package dev.switchboard.chat;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.frames.FrameLog;
import dev.switchboard.core.frames.SessionOutlet;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.CsatSurveys;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  private final VisitorHistory history;
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
    this.history = new VisitorHistory(rt.store());
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
    ChatReopen.Outcome who = rt.reopen().resolve(hello);
    if (who.token().isEmpty()) {
      error(who.code(), who.message(), null); // still awaiting hello: the widget may start a new chat
      return;
    }
    phase = Phase.OPENING;
    VisitorToken token = who.token().get();
    name = hello.name();
    claimedEmail = hello.email();
    visitor = rt.visitors().acquire(token.visitorId());
    open(token, hello);
  }

  /** Loads the visitor's history and opens the connection with it (or with what it missed). */
  private void open(VisitorToken token, ClientFrame.Hello hello) {
    long historyMark = visitor.mark();
    history.load(visitor.visitorId()).whenComplete(onLoop((snapshot, failure) -> {
      if (phase == Phase.CLOSED) {
        return;
      }
      if (failure != null) {
        log.warn("Chat history for session {} could not be read", session.id(), failure);
        error("unavailable", "The chat is unavailable right now; please try again shortly.", null);
        session.close(1011, "unavailable");
        return;
      }
      String conversationId = snapshot.conversation().map(c -> c.id().value()).orElse(null);
      rt.visitors().bind(visitor, conversationId);
      List<ServerFrame> frames = historyFrames(snapshot);
      String status = snapshot.conversation().map(c -> c.status().key()).orElse(null);
      ServerFrame welcome = new ServerFrame.Welcome(token.value(), conversationId, status);
      if (visitor.attach(this, welcome, hello.resumeAfter(), frames, historyMark) == VisitorState.Opened.HISTORY_TOO_OLD) {
        open(token, hello); // more was broadcast during the read than is kept: read again
        return;
      }
      phase = Phase.OPEN;
      if (claimedEmail != null && snapshot.contact().isPresent()) {
        emailRecorded = true;
        recordClaimedEmail(snapshot.contact().get(), claimedEmail);
      }
    }));
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
    InboundMessage inbound = InboundMessage.builder(Channel.CHAT, Identity.chatVisitor(visitorId),
            visitorId + ":" + message.clientId(), visitorId)
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
          conversationId, "in", null, message.text(), IsoInstant.format(inbound.receivedAt()), List.of()), false), this);
    }
    if (claimedEmail != null && !emailRecorded) {
      emailRecorded = true;
      String email = claimedEmail;
      rt.store().contactByIdentity(inbound.sender()).thenAccept(c -> c.ifPresent(
          contact -> recordClaimedEmail(contact, email)));
    }
  }

  /** The history as frames: a survey's ask is a {@code csat_request} while it is open, and left out after. */
  private List<ServerFrame> historyFrames(VisitorHistory.Snapshot snapshot) {
    Instant now = rt.clock().instant();
    List<ServerFrame> frames = new ArrayList<>();
    for (Message m : snapshot.messages()) {
      Optional<CsatSurvey> asked = snapshot.surveyAskedBy(m);
      if (asked.isEmpty()) {
        frames.add(new ServerFrame.MessageFrame(rt.messages().of(m), true));
      } else if (asked.get().open(now)) {
        frames.add(new ServerFrame.CsatRequest(asked.get().conversationId().value(), m.text(), true));
      }
    }
    return frames;
  }

  /**
   * The visitor's satisfaction answer: taken only for a conversation of theirs (its thread is the visitor's
   * own id) with an open survey; the first answer stands, and every tab of the visitor hears it is stored.
   */
  private void onCsat(ClientFrame.Csat answer) {
    if (phase != Phase.OPEN) {
      error("hello_required", "Send hello first and wait for welcome.", null);
      return;
    }
    ConversationId id = new ConversationId(answer.conversationId());
    String visitorId = visitor.visitorId();
    rt.store().conversation(id).thenCompose(conv -> {
      if (conv.isEmpty() || conv.get().channel() != Channel.CHAT || !conv.get().threadKey().equals(visitorId)) {
        return CompletableFuture.completedFuture((CsatSurveys.Answered) null); // not theirs: as if never asked
      }
      return rt.csat().answerChat(id, answer.score(), Optional.ofNullable(answer.comment()));
    }).whenComplete(onLoop((answered, failure) -> {
      if (failure != null) {
        log.warn("CSAT answer from session {} was not stored", session.id(), failure);
        error("not_stored", "Your answer was not saved; please send it again.", null);
        return;
      }
      CsatSurveys.Outcome outcome = answered == null ? CsatSurveys.Outcome.NOT_ASKED : answered.outcome();
      switch (outcome) {
        case RECORDED -> visitor.broadcast(new ServerFrame.CsatRecorded(answer.conversationId(), answer.score()), null);
        case REPEATED, ALREADY_ANSWERED -> error("csat_answered", "This survey was answered already; thank you.", null);
        case EXPIRED -> error("csat_expired", "This survey has closed.", null);
        case NOT_ASKED -> {
          if (answered == null) {
            rt.csat().refused(Channel.CHAT);
          }
          error("csat_not_asked", "No survey is open on that conversation.", null);
        }
      }
    }));
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

  /**
   * Stores the address the visitor typed as a claim only (never an e-mail identity), then publishes the
   * claim: the gateway mails the address a link, and only following it links the two. Runs on any
   * thread: it reads no connection state.
   */
  private void recordClaimedEmail(Contact contact, String email) {
    GatewayEvent.EmailClaimed claim = new GatewayEvent.EmailClaimed(contact.id(), email);
    if (email.equals(contact.attributes().get(ChatChannelAdapter.CLAIMED_EMAIL))) {
      rt.events().publish(claim); // again on a later visit: the proof service mails at most once per cooldown
      return;
    }
    rt.store().updateAttributes(contact.id(), Map.of(ChatChannelAdapter.CLAIMED_EMAIL, email))
        .whenComplete((c, failure) -> {
          if (failure != null) {
            log.warn("Claimed e-mail of chat session {} not recorded", session.id(), failure);
          } else {
            rt.events().publish(claim);
          }
        });
  }

  private void error(String code, String message, String clientId) {
    rt.metrics().error(code);
    ServerFrame frame = new ServerFrame.Error(code, message, clientId);
    if (visitor != null && phase == Phase.OPEN) {
      visitor.sendTo(this, frame);
    } else {
      deliver(frame.encode(++preHelloSeq));
    }
  }

  /** Runs a store callback back on this connection's event loop. */
  private <T> BiConsumer<T, Throwable> onLoop(BiConsumer<T, Throwable> callback) {
    return (value, failure) -> session.executor().execute(() -> callback.accept(value, failure));
  }
}
