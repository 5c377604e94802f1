package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.frames.FrameLog;
import dev.switchboard.core.frames.SessionOutlet;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import dev.switchboard.core.routing.AgentState;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent desk connection's life: it must authenticate with its first frame (within the auth timeout),
 * is signed in with {@code ready} or resumed on the agent's line, and tells the router when the agent's
 * last desk closes. Once signed in, its frames are {@link DeskCommands}'. A bad frame gets an {@code error}
 * frame and changes nothing; the connection stays open (except after a failed {@code auth}).
 */
final class DeskConnection implements WebSocketListener {

  private static final Logger log = LoggerFactory.getLogger(DeskConnection.class);

  private final AgentDesk desk;
  private final WebSocketSession session;
  private final FrameLog.Outlet outlet;
  private volatile AgentLine line;
  private volatile DeskCommands commands;
  private volatile boolean closed;
  private long preAuthSeq;
  /** Answers to this desk only. */
  private final DeskOut toThisDesk = new DeskOut() {
    @Override
    public void frame(ObjectNode frame) {
      line.sendTo(outlet, frame);
    }

    @Override
    public void error(String code, String message, String clientId) {
      DeskConnection.this.error(code, message, clientId);
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
    if (commands == null) {
      if (frame instanceof DeskFrame.Auth auth) {
        auth(auth);
      } else if (frame instanceof DeskFrame.Unreadable unreadable) {
        error(unreadable.code(), unreadable.message());
      } else {
        error("unauthenticated", "send `auth` with your token first");
      }
      return;
    }
    commands.handle(frame);
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
    boolean last = l.detach(outlet, () -> desk.router.agentDisconnected(l.agent()));
    log.info("Agent {}: desk {} closed{}", l.agent(), session.id(), last ? ", their last" : "");
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
    commands = new DeskCommands(desk, id, l, toThisDesk);
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
  private record ReadyState(AgentState state, AgentLine.Snapshot line) {
    /** The state less the offers whose {@code offer} frame comes after the {@code ready}. */
    AgentState shown() {
      return new AgentState(state.presence(), state.conversations(), state.offers().stream()
          .filter(o -> !line.offersInFlight().contains(o.conversation().id())).toList());
    }
  }

  private void opened(AgentLine l) {
    l.opened();
    if (closed) {
      l.detach(outlet, () -> desk.router.agentDisconnected(l.agent()));
    }
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
