package dev.switchboard.chat;

import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.CsatSurvey;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's {@code hello}: which visitor it speaks for (their token, or a continuity link's), their
 * history read from the store, and the {@code welcome} with it (or, on a resume, only what they missed).
 * Made per hello and dropped once the connection is open: an idle connection holds none.
 */
final class VisitorOpening {

  private static final Logger log = LoggerFactory.getLogger(VisitorOpening.class);

  private final ChatRuntime rt;
  private final ChatConnection connection;
  private final ClientFrame.Hello hello;
  private final VisitorToken token;
  private final VisitorState visitor;
  /** Where the replies kept for openings stood before the history was read ({@link Visitors#opening}). */
  private final long repliesMark;

  private VisitorOpening(ChatRuntime rt, ChatConnection connection, ClientFrame.Hello hello, VisitorToken token) {
    this.rt = rt;
    this.connection = connection;
    this.hello = hello;
    this.token = token;
    this.visitor = rt.visitors().acquire(token.visitorId());
    this.repliesMark = rt.visitors().opening();
  }

  /**
   * The visitor {@code hello} opens, with their history on its way to the connection; empty (and an
   * {@code error} frame sent) when the hello names no acceptable visitor: the widget may start a new chat.
   */
  static Optional<VisitorState> start(ChatRuntime rt, ChatConnection connection, ClientFrame.Hello hello) {
    ChatReopen.Outcome who = rt.reopen().resolve(hello);
    if (who.token().isEmpty()) {
      connection.error(who.code(), who.message(), null);
      return Optional.empty();
    }
    VisitorOpening opening = new VisitorOpening(rt, connection, hello, who.token().get());
    opening.load();
    return Optional.of(opening.visitor);
  }

  /**
   * Loads the visitor's history and opens the connection with it (or with what it missed), then binds the
   * visitor to its conversation and pushes the replies whose delivery event came during the read.
   */
  private void load() {
    long historyMark = visitor.mark();
    new VisitorHistory(rt.store()).load(visitor.visitorId()).whenComplete(connection.onLoop((snapshot, failure) -> {
      if (connection.closed()) {
        rt.visitors().opened(visitor, null, repliesMark);
        return;
      }
      if (failure != null) {
        log.warn("Chat history for session {} could not be read", connection.sessionId(), failure);
        rt.visitors().opened(visitor, null, repliesMark);
        connection.unavailable();
        return;
      }
      String conversationId = snapshot.conversation().map(c -> c.id().value()).orElse(null);
      String status = snapshot.conversation().map(c -> c.status().key()).orElse(null);
      ServerFrame welcome = new ServerFrame.Welcome(token.value(), conversationId, status);
      if (visitor.attach(connection, welcome, hello.resumeAfter(), historyFrames(snapshot),
          repliesIn(snapshot), historyMark) == VisitorState.Opened.HISTORY_TOO_OLD) {
        load(); // more was broadcast during the read than is kept: read again
        return;
      }
      // Bound only now: until here a reply's event for this conversation is kept aside, not pushed, so that
      // what the history showed is told apart by id (catch-up semantics) rather than sent twice.
      Optional<List<String>> missed = rt.visitors().opened(visitor, conversationId, repliesMark);
      connection.opened(snapshot.contact());
      pushMissed(missed);
    }));
  }

  /** The replies that came during the read, or (when more came than were kept) the conversation's, read again. */
  private void pushMissed(Optional<List<String>> missed) {
    if (missed.isPresent() && missed.get().isEmpty()) {
      return;
    }
    CompletionStage<Integer> pushed = missed.isPresent()
        ? rt.replies().afterHistory(visitor, missed.get())
        : rt.replies().catchUp(visitor);
    pushed.whenComplete((count, failure) -> {
      if (failure != null) {
        log.warn("Chat replies sent while session {} opened could not be shown: {}", connection.sessionId(),
            failure.toString());
      } else {
        log.debug("{} chat replies sent while session {} opened were pushed after its history", count,
            connection.sessionId());
      }
    });
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

  /** The agent replies (and the gateway's own messages) the history shows, by id. */
  private static List<String> repliesIn(VisitorHistory.Snapshot snapshot) {
    return snapshot.messages().stream().filter(m -> m.direction() == Direction.OUT).map(m -> m.id().value()).toList();
  }

  /**
   * Stores the address the visitor typed as a claim only (never an e-mail identity), then publishes the
   * claim: the gateway mails the address a link, and only following it links the two. Runs on any
   * thread: it reads no connection state.
   */
  static void recordClaimedEmail(ChatRuntime rt, String sessionId, Contact contact, String email) {
    GatewayEvent.EmailClaimed claim = new GatewayEvent.EmailClaimed(contact.id(), email);
    if (email.equals(contact.attributes().get(ChatChannelAdapter.CLAIMED_EMAIL))) {
      rt.events().publish(claim); // again on a later visit: the proof service mails at most once per cooldown
      return;
    }
    rt.store().contacts().updateAttributes(contact.id(), Map.of(ChatChannelAdapter.CLAIMED_EMAIL, email))
        .whenComplete((c, failure) -> {
          if (failure != null) {
            log.warn("Claimed e-mail of chat session {} not recorded", sessionId, failure);
          } else {
            rt.events().publish(claim);
          }
        });
  }
}
