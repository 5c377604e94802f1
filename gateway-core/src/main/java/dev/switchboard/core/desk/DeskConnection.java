package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.CannedReplyConfig;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.frames.FrameLog;
import dev.switchboard.core.frames.SessionOutlet;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.routing.CommandResult;
import dev.switchboard.core.routing.Router;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import dev.switchboard.core.store.AttachmentRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent desk connection: authenticates with the first frame, then turns each client frame into a
 * router command or an outbox write. A bad frame gets an {@code error} frame and changes nothing; the
 * connection stays open (except after a failed {@code auth}).
 */
final class DeskConnection implements WebSocketListener {

  private static final Logger log = LoggerFactory.getLogger(DeskConnection.class);

  private final AgentDesk desk;
  private final WebSocketSession session;
  private final FrameLog.Outlet outlet;
  private volatile AgentLine line;
  private volatile boolean closed;
  private long preAuthSeq;
  private final DeskFollowUps.Answer answer = new DeskFollowUps.Answer() {
    @Override
    public void error(String code, String message) {
      DeskConnection.this.error(code, message);
    }

    @Override
    public void send(ObjectNode frame) {
      line.sendTo(outlet, frame);
    }
  };

  /** Close code for a connection that did not authenticate in time (4xxx: the application's range). */
  static final int CLOSE_AUTH_TIMEOUT = 4408;

  DeskConnection(AgentDesk desk, WebSocketSession session) {
    this.desk = desk;
    this.session = session;
    this.outlet = new SessionOutlet(session);
    // An open socket that never signs in would hold a slot for as long as it answers pings.
    session.schedule(desk.settings.authTimeout(), () -> {
      if (line == null) {
        error("auth_timeout", "send `auth` within " + desk.settings.authTimeout().toMillis() + " ms of connecting");
        session.close(CLOSE_AUTH_TIMEOUT, "authentication timeout");
      }
    });
  }

  @Override
  public void onText(String text) {
    DeskFrame frame = desk.frames.parse(text);
    if (line == null) {
      if (frame instanceof DeskFrame.Auth auth) {
        auth(auth);
      } else if (frame instanceof DeskFrame.Unreadable unreadable) {
        error(unreadable.code(), unreadable.message());
      } else {
        error("unauthenticated", "send `auth` with your token first");
      }
      return;
    }
    String agent = line.agent();
    // The desk's event loop is shared: the ids are in place only while this frame is handled, and the
    // store and router carry them on to their own threads.
    try (LogContext.Scope a = LogContext.with(LogKey.AGENT, agent);
        LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, conversationOf(frame))) {
      onFrame(agent, frame);
    }
  }

  private static String conversationOf(DeskFrame frame) {
    ConversationId id = frame instanceof DeskFrame.OnConversation c ? c.conversationId()
        : frame instanceof DeskFrame.Write w ? w.conversationId()
        : frame instanceof DeskFrame.TransferToAgent t ? t.conversationId()
        : frame instanceof DeskFrame.TransferToTier t ? t.conversationId()
        : frame instanceof DeskFrame.Assign a ? a.conversationId()
        : null;
    return id == null ? null : id.value();
  }

  private void onFrame(String agent, DeskFrame frame) {
    if (frame instanceof DeskFrame.Auth) {
      error("already_authenticated", "this connection is signed in as " + agent);
    } else if (frame instanceof DeskFrame.SetPresence p) {
      answer(desk.router.presence(agent, p.presence()));
    } else if (frame instanceof DeskFrame.OnConversation c) {
      onConversation(agent, c.command(), c.conversationId());
    } else if (frame instanceof DeskFrame.TransferToAgent t) {
      answer(desk.router.transferToAgent(agent, t.conversationId(), t.agent()));
    } else if (frame instanceof DeskFrame.TransferToTier t) {
      answer(desk.router.transferToTier(agent, t.conversationId(), t.tier()));
    } else if (frame instanceof DeskFrame.Assign a) {
      answer(desk.router.assignWaiting(agent, a.conversationId(), a.agent()));
    } else if (frame instanceof DeskFrame.Write w) {
      write(agent, w);
    } else if (frame instanceof DeskFrame.ExpandCannedReply e) {
      expandCannedReply(agent, e);
    } else if (frame instanceof DeskFrame.MergeContacts || frame instanceof DeskFrame.FindContacts
        || frame instanceof DeskFrame.UnmergeContacts || frame instanceof DeskFrame.ListMerges) {
      desk.agent(agent).ifPresentOrElse(
          a -> desk.contactFrames.handle(a, frame, f -> line.sendTo(outlet, f), this::error),
          () -> error("forbidden", "agent " + agent + " is no longer configured"));
    } else if (frame instanceof DeskFrame.ScheduleFollowUp f) {
      desk.followUps.schedule(agent, f, answer);
    } else if (frame instanceof DeskFrame.CancelFollowUp c) {
      desk.followUps.cancel(agent, c, answer);
    } else if (frame instanceof DeskFrame.ListFollowUps) {
      desk.followUps.list(agent, answer);
    } else if (frame instanceof DeskFrame.Search s) {
      desk.search.search(agent, s, toThisDesk());
    } else if (frame instanceof DeskFrame.Tag t) {
      desk.tags.tag(agent, t, toThisDesk());
    } else if (frame instanceof DeskFrame.OpenIncident o) {
      desk.incidents.open(agent, o, toThisDesk());
    } else if (frame instanceof DeskFrame.ListIncidents) {
      desk.incidents.list(agent, toThisDesk());
    } else if (frame instanceof DeskFrame.PostIncidentUpdate u) {
      desk.incidents.post(agent, u, toThisDesk());
    } else if (frame instanceof DeskFrame.Unreadable unreadable) {
      error(unreadable.code(), unreadable.message());
    } else if (frame instanceof DeskFrame.Invalid invalid) {
      error(invalid.code(), invalid.message(), invalid.clientId());
    }
  }

  private void onConversation(String agent, DeskFrame.Command command, ConversationId id) {
    switch (command) {
      case ACCEPT -> answer(desk.router.accept(agent, id));
      case DECLINE -> answer(desk.router.decline(agent, id));
      case RESOLVE -> answer(desk.router.resolve(agent, id));
      case TYPING -> whenAllowed(agent, id, () -> desk.events.publish(new GatewayEvent.AgentTyping(id, agent)));
      case HISTORY -> history(agent, id);
    }
  }

  @Override
  public boolean onRejectedFrame(String code, String message) {
    error(code, message);
    return true;
  }

  @Override
  public void onClose() {
    closed = true;
    AgentLine l = line;
    if (l == null) {
      return;
    }
    boolean last = l.detach(outlet);
    log.info("Agent {}: desk {} closed{}", l.agent(), session.id(), last ? ", their last" : "");
    if (last) {
      desk.router.agentDisconnected(l.agent());
    }
  }

  // ---- frames ----

  private void auth(DeskFrame.Auth frame) {
    Optional<AgentConfig> agent = desk.authenticate(frame.token());
    if (agent.isEmpty()) {
      error("unauthorized", "unknown token");
      session.close(4401, "unauthorized");
      return;
    }
    String id = agent.get().id();
    AgentLine l = desk.line(id);
    line = l;
    l.opening();
    if (frame.resumeAfter().isPresent() && l.resume(outlet, frame.resumeAfter().getAsLong())) {
      log.info("Agent {}: desk {} resumed after seq {}", id, session.id(), frame.resumeAfter().getAsLong());
      desk.router.agentConnected(id);
      opened(l);
      desk.team.attached(l, outlet, null);
      return;
    }
    sendReady(l, id);
  }

  /**
   * Signs the agent in and sends {@code ready} with the router's state as it was just before, then every
   * frame numbered after that point (the offers the sign-in makes come as {@code offer} frames).
   */
  private void sendReady(AgentLine l, String id) {
    desk.team.view().thenAccept(team -> sendReady(l, id, team));
  }

  private void sendReady(AgentLine l, String id, TeamFeed.Snapshot team) {
    desk.router.signIn(id, state -> new ReadyState(state, l.snapshot()))
        .whenCompleteAsync((ready, err) -> {
          if (err != null) {
            log.error("Could not sign {} in", id, err);
            error("internal", "the sign-in failed; sign in again");
            opened(l);
            session.close(1011, "unavailable");
          } else if (l.attach(outlet, desk.team.addTo(Frames.withCannedReplies(Frames.ready(id, ready.shown()),
              desk.cannedRepliesFor(id)), id, team), ready.line().mark())) {
            log.info("Agent {}: desk {} signed in, ready with {} conversations, {} offers, {}", id, session.id(),
                ready.state().conversations().size(), ready.shown().offers().size(),
                ready.state().presence().key());
            opened(l);
            desk.team.attached(l, outlet, team);
          } else {
            sendReady(l, id); // more was broadcast meanwhile than the line keeps: take the state again
          }
        }, session.executor());
  }

  /** The router's state for {@code ready} and where the agent's line stood when it was taken. */
  private record ReadyState(Router.AgentState state, AgentLine.Snapshot line) {
    /** The state less the offers whose {@code offer} frame comes after the {@code ready}. */
    Router.AgentState shown() {
      return new Router.AgentState(state.presence(), state.conversations(), state.offers().stream()
          .filter(o -> !line.offersInFlight().contains(o.conversation().id())).toList());
    }
  }

  private void opened(AgentLine l) {
    l.opened();
    if (closed && l.detach(outlet)) {
      desk.router.agentDisconnected(l.agent());
    }
  }

  /** A reply (through the outbox) or a note (internal): only by the assignee or a supervisor. */
  private void write(String agent, DeskFrame.Write w) {
    ConversationId id = w.conversationId();
    Direction direction = w.direction();
    String clientId = w.clientId();
    whenAllowed(agent, id, clientId, () -> desk.store.appendAgentMessage(id, direction, agent, w.text(), clientId,
            w.attachmentIds())
        .thenCompose(m -> desk.store.conversation(id).thenApply(c -> {
          log.debug("Stored {} {}", direction, m.id().value());
          line.broadcast(Frames.ack(clientId, m.id().value()));
          c.ifPresent(conv -> desk.events.publish(new GatewayEvent.MessageAdded(conv, m)));
          return m;
        }))
        .exceptionally(err -> {
          Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
              ? err.getCause() : err;
          if (cause instanceof AttachmentRefusedException refused) {
            error(refused.reason().code(), refused.getMessage(), clientId); // nothing was stored
            return null;
          }
          log.error("Could not store {} from {} in {}", direction, agent, id, err);
          error("internal", "the message could not be stored; send it again with the same clientId", clientId);
          return null;
        }));
  }

  /** A canned reply's text filled in for the conversation, to this desk only; for the assignee or a supervisor. */
  private void expandCannedReply(String agent, DeskFrame.ExpandCannedReply e) {
    ConversationId id = e.conversationId();
    Optional<CannedReplyConfig> reply = desk.cannedReplies().find(e.cannedReplyId());
    if (reply.isEmpty()) {
      error("not_found", "no canned reply `" + e.cannedReplyId() + "`");
      return;
    }
    String agentName = desk.agent(agent).map(AgentConfig::name).orElse(agent);
    whenAllowed(agent, id, () -> desk.store.conversation(id).thenCompose(found -> {
      if (found.isEmpty()) {
        error("not_found", "no conversation " + id);
        return CompletableFuture.completedFuture(null);
      }
      Conversation c = found.get();
      if (!reply.get().appliesTo(c.tier(), c.channel().key())) {
        error("not_applicable", "canned reply `" + reply.get().id() + "` is not for " + c.tier() + " conversations on "
            + c.channel().key());
        return CompletableFuture.completedFuture(null);
      }
      return desk.store.view(c, 0).thenAccept(v -> line.sendTo(outlet, Frames.cannedReplyExpanded(id,
          reply.get().id(), CannedReplies.expand(reply.get().text(), v.contact().orElse(null), agentName, c.ref()))));
    }).exceptionally(err -> {
      log.error("Could not fill in canned reply {} for {} in {}", e.cannedReplyId(), agent, id, err);
      error("internal", "the canned reply could not be filled in; try again");
      return null;
    }));
  }

  /** For the assignee, a supervisor, the agent it is offered to, and an agent who may find it by search ({@link DeskSearch}). */
  private void history(String agent, ConversationId id) {
    desk.router.state(agent).thenCombine(desk.router.mayWrite(agent, id), (state, may) -> may
        || state.offers().stream().anyMatch(o -> o.conversation().id().equals(id)))
        .thenAccept(allowed -> desk.store.conversation(id).thenAccept(c -> {
          if (!allowed && (c.isEmpty() || !desk.search.scope(agent).allows(c.get()))) {
            error("forbidden", "conversation " + id + " is not yours, nor offered to you, nor of your tiers");
          } else if (c.isEmpty()) {
            error("not_found", "no conversation " + id);
          } else {
            desk.withHistory("history", c.get()).thenAccept(f -> line.sendTo(outlet, f));
          }
        }));
  }

  // ---- helpers ----

  /** Answers to this desk only. */
  private DeskOut toThisDesk() {
    return new DeskOut() {
      @Override
      public void frame(ObjectNode frame) {
        line.sendTo(outlet, frame);
      }

      @Override
      public void error(String code, String message) {
        DeskConnection.this.error(code, message);
      }
    };
  }

  private void whenAllowed(String agent, ConversationId id, Runnable action) {
    whenAllowed(agent, id, null, action);
  }

  /** As above; a refusal names {@code clientId}, so the desk knows which of its messages was refused. */
  private void whenAllowed(String agent, ConversationId id, String clientId, Runnable action) {
    desk.router.mayWrite(agent, id).thenAccept(allowed -> {
      if (allowed) {
        action.run();
      } else {
        error("forbidden", "only the assignee or a supervisor may write to " + id, clientId);
      }
    });
  }

  private void answer(CompletionStage<CommandResult> result) {
    result.whenComplete((r, err) -> {
      if (err != null) {
        error("internal", "the router could not take the command");
      } else if (r instanceof CommandResult.Refused refused) {
        error(refused.code().key(), refused.message());
      }
    });
  }

  private void error(String code, String message) {
    error(code, message, null);
  }

  private void error(String code, String message, String clientId) {
    desk.countError(code);
    AgentLine l = line;
    if (l != null) {
      ObjectNode frame = Frames.error(code, message);
      if (clientId != null) {
        frame.put("clientId", clientId);
      }
      l.sendTo(outlet, frame);
    } else {
      synchronized (this) {
        session.send(Json.writeString(Frames.error(code, message).put("seq", ++preAuthSeq)));
      }
    }
  }
}
