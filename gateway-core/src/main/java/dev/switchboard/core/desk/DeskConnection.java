package dev.switchboard.core.desk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.http.WebSocketListener;
import dev.switchboard.core.http.WebSocketSession;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.routing.CommandResult;
import dev.switchboard.core.routing.Presence;
import dev.switchboard.core.routing.RoutingDecision;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
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
  private volatile AgentLine line;
  private long preAuthSeq;

  /** Close code for a connection that did not authenticate in time (4xxx: the application's range). */
  static final int CLOSE_AUTH_TIMEOUT = 4408;

  DeskConnection(AgentDesk desk, WebSocketSession session) {
    this.desk = desk;
    this.session = session;
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
    JsonNode frame;
    try {
      frame = Json.read(text);
    } catch (JsonProcessingException e) {
      error("bad_json", "the frame is not JSON");
      return;
    }
    if (!frame.isObject() || !frame.path("type").isTextual()) {
      error("bad_frame", "a frame is a JSON object with a string `type`");
      return;
    }
    String type = frame.get("type").asText();
    if (line == null) {
      if (type.equals("auth")) {
        auth(frame);
      } else {
        error("unauthenticated", "send `auth` with your token first");
      }
      return;
    }
    String agent = line.agent();
    switch (type) {
      case "auth" -> error("already_authenticated", "this connection is signed in as " + agent);
      case "presence" -> presence(agent, frame);
      case "accept" -> id(frame).ifPresent(id -> answer(desk.router.accept(agent, id)));
      case "decline" -> id(frame).ifPresent(id -> answer(desk.router.decline(agent, id)));
      case "resolve" -> id(frame).ifPresent(id -> answer(desk.router.resolve(agent, id)));
      case "transfer" -> transfer(agent, frame);
      case "reply" -> write(agent, frame, Direction.OUT);
      case "note" -> write(agent, frame, Direction.NOTE);
      case "typing" -> id(frame).ifPresent(id -> whenAllowed(agent, id,
          () -> desk.events.publish(new GatewayEvent.AgentTyping(id, agent))));
      case "history" -> id(frame).ifPresent(id -> history(agent, id));
      default -> error("unknown_type", "unknown frame type `" + type + "`");
    }
  }

  @Override
  public boolean onRejectedFrame(String code, String message) {
    error(code, message);
    return true;
  }

  @Override
  public void onClose() {
    AgentLine l = line;
    if (l != null && l.detach(session)) {
      desk.router.agentDisconnected(l.agent());
    }
  }

  // ---- frames ----

  private void auth(JsonNode frame) {
    Optional<AgentConfig> agent = desk.authenticate(frame.path("token").asText(null));
    if (agent.isEmpty()) {
      error("unauthorized", "unknown token");
      session.close(4401, "unauthorized");
      return;
    }
    String id = agent.get().id();
    AgentLine l = desk.line(id);
    l.attach(session);
    line = l;
    desk.router.agentConnected(id);
    JsonNode resume = frame.get("resumeAfter");
    if (resume != null && resume.canConvertToLong() && l.replay(session, resume.asLong())) {
      return;
    }
    desk.router.state(id).thenAccept(state -> {
      ArrayNode offers = Json.mapper().createArrayNode();
      for (RoutingDecision.Offer o : state.offers()) {
        offers.addObject().put("conversationId", o.conversation().id().value())
            .put("tier", o.conversation().tier()).put("channel", o.conversation().channel().key())
            .put("expiresAt", o.expiresAt().toString());
      }
      l.sendTo(session, Frames.ready(id, state.presence().key(), state.conversations(), offers));
    });
  }

  private void presence(String agent, JsonNode frame) {
    Presence p;
    try {
      p = Presence.ofKey(frame.path("status").asText(null));
    } catch (IllegalArgumentException e) {
      error("bad_request", e.getMessage());
      return;
    }
    answer(desk.router.presence(agent, p));
  }

  private void transfer(String agent, JsonNode frame) {
    Optional<ConversationId> id = id(frame);
    if (id.isEmpty()) {
      return;
    }
    String toAgent = frame.path("toAgent").asText(null);
    String toTier = frame.path("toTier").asText(null);
    if ((toAgent == null) == (toTier == null)) {
      error("bad_request", "transfer needs exactly one of `toAgent` and `toTier`");
      return;
    }
    answer(toAgent != null ? desk.router.transferToAgent(agent, id.get(), toAgent)
        : desk.router.transferToTier(agent, id.get(), toTier));
  }

  /** A reply (through the outbox) or a note (internal): only by the assignee or a supervisor. */
  private void write(String agent, JsonNode frame, Direction direction) {
    Optional<ConversationId> id = id(frame);
    if (id.isEmpty()) {
      return;
    }
    String text = frame.path("text").asText("");
    String clientId = frame.path("clientId").asText(null);
    if (text.isBlank() || clientId == null || clientId.isBlank()) {
      error("bad_request", "`text` and `clientId` are required");
      return;
    }
    if (text.length() > desk.settings.maxTextLength()) {
      error("too_long", "text longer than " + desk.settings.maxTextLength() + " characters");
      return;
    }
    whenAllowed(agent, id.get(), () -> desk.store.appendAgentMessage(id.get(), direction, agent, text, clientId)
        .thenCompose(m -> desk.store.conversation(id.get()).thenApply(c -> {
          line.broadcast(Frames.ack(clientId, m.id().value()));
          c.ifPresent(conv -> desk.events.publish(new GatewayEvent.MessageAdded(conv, m)));
          return m;
        }))
        .exceptionally(err -> {
          log.error("Could not store {} from {} in {}", direction, agent, id.get(), err);
          error("internal", "the message could not be stored; send it again with the same clientId");
          return null;
        }));
  }

  private void history(String agent, ConversationId id) {
    desk.router.state(agent).thenCombine(desk.router.mayWrite(agent, id), (state, may) -> may
        || state.offers().stream().anyMatch(o -> o.conversation().id().equals(id)))
        .thenAccept(allowed -> {
          if (!allowed) {
            error("forbidden", "conversation " + id + " is not yours, nor offered to you");
            return;
          }
          desk.store.conversation(id).thenAccept(c -> {
            if (c.isEmpty()) {
              error("not_found", "no conversation " + id);
            } else {
              desk.withHistory("history", c.get()).thenAccept(f -> line.sendTo(session, f));
            }
          });
        });
  }

  // ---- helpers ----

  private void whenAllowed(String agent, ConversationId id, Runnable action) {
    desk.router.mayWrite(agent, id).thenAccept(allowed -> {
      if (allowed) {
        action.run();
      } else {
        error("forbidden", "only the assignee or a supervisor may write to " + id);
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

  private Optional<ConversationId> id(JsonNode frame) {
    String id = frame.path("conversationId").asText("");
    if (id.isBlank()) {
      error("bad_request", "`conversationId` is required");
      return Optional.empty();
    }
    return Optional.of(new ConversationId(id));
  }

  private void error(String code, String message) {
    desk.countError(code);
    AgentLine l = line;
    if (l != null) {
      l.sendTo(session, Frames.error(code, message));
    } else {
      synchronized (this) {
        session.send(Json.writeString(Frames.error(code, message).put("seq", ++preAuthSeq)));
      }
    }
  }
}
