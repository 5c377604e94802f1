package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.CannedReplyConfig;
import dev.switchboard.core.event.GatewayEvent;
import dev.switchboard.core.logging.LogContext;
import dev.switchboard.core.logging.LogKey;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.routing.CommandResult;
import dev.switchboard.core.store.AttachmentRefusedException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a signed-in agent's frames do: each becomes a router command, a store write or a read answered to
 * this desk, checked first where it needs the agent to hold (or be offered) the conversation. A command
 * the router refuses, and a write that fails, come back as an {@code error} frame and change nothing.
 * One per signed-in connection; its lifecycle (sign-in, {@code ready}, close) is {@link DeskConnection}'s.
 */
final class DeskCommands {

  private static final Logger log = LoggerFactory.getLogger(DeskCommands.class);

  private final AgentDesk desk;
  private final String agent;
  private final AgentLine line;
  private final DeskOut out;

  /** {@code out}: to this desk only; {@code line}: the agent's line, for what every desk of theirs sees ({@code ack}). */
  DeskCommands(AgentDesk desk, String agent, AgentLine line, DeskOut out) {
    this.desk = requireNonNull(desk, "desk");
    this.agent = requireNonNull(agent, "agent");
    this.line = requireNonNull(line, "line");
    this.out = requireNonNull(out, "out");
  }

  /** Handles one frame of the signed-in agent, on the connection's event loop. */
  void handle(DeskFrame frame) {
    // The desk's event loop is shared: the ids are in place only while this frame is handled, and the
    // store and router carry them on to their own threads.
    try (LogContext.Scope a = LogContext.with(LogKey.AGENT, agent);
        LogContext.Scope c = LogContext.with(LogKey.CONVERSATION, conversationOf(frame))) {
      dispatch(frame);
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

  private void dispatch(DeskFrame frame) {
    if (frame instanceof DeskFrame.Auth) {
      out.error("already_authenticated", "this connection is signed in as " + agent);
    } else if (frame instanceof DeskFrame.SetPresence p) {
      answer(desk.router.presence(agent, p.presence()));
    } else if (frame instanceof DeskFrame.OnConversation c) {
      onConversation(c.command(), c.conversationId());
    } else if (frame instanceof DeskFrame.TransferToAgent t) {
      answer(desk.router.transferToAgent(agent, t.conversationId(), t.agent()));
    } else if (frame instanceof DeskFrame.TransferToTier t) {
      answer(desk.router.transferToTier(agent, t.conversationId(), t.tier()));
    } else if (frame instanceof DeskFrame.Assign a) {
      answer(desk.router.assignWaiting(agent, a.conversationId(), a.agent()));
    } else if (frame instanceof DeskFrame.Write w) {
      write(w);
    } else if (frame instanceof DeskFrame.ExpandCannedReply e) {
      expandCannedReply(e);
    } else if (frame instanceof DeskFrame.MergeContacts || frame instanceof DeskFrame.FindContacts
        || frame instanceof DeskFrame.UnmergeContacts || frame instanceof DeskFrame.ListMerges) {
      desk.agent(agent).ifPresentOrElse(a -> desk.contactFrames.handle(a, frame, out::frame, out::error),
          () -> out.error("forbidden", "agent " + agent + " is no longer configured"));
    } else if (frame instanceof DeskFrame.ScheduleFollowUp f) {
      desk.followUps.schedule(agent, f, out);
    } else if (frame instanceof DeskFrame.CancelFollowUp c) {
      desk.followUps.cancel(agent, c, out);
    } else if (frame instanceof DeskFrame.ListFollowUps) {
      desk.followUps.list(agent, out);
    } else if (frame instanceof DeskFrame.Search s) {
      desk.search.search(agent, s, out);
    } else if (frame instanceof DeskFrame.Tag t) {
      desk.tags.tag(agent, t, out);
    } else if (frame instanceof DeskFrame.OpenIncident o) {
      desk.incidents.open(agent, o, out);
    } else if (frame instanceof DeskFrame.ListIncidents) {
      desk.incidents.list(agent, out);
    } else if (frame instanceof DeskFrame.PostIncidentUpdate u) {
      desk.incidents.post(agent, u, out);
    } else if (frame instanceof DeskFrame.Unreadable unreadable) {
      out.error(unreadable.code(), unreadable.message());
    } else if (frame instanceof DeskFrame.Invalid invalid) {
      out.error(invalid.code(), invalid.message(), invalid.clientId());
    }
  }

  private void onConversation(DeskFrame.Command command, ConversationId id) {
    switch (command) {
      case ACCEPT -> answer(desk.router.accept(agent, id));
      case DECLINE -> answer(desk.router.decline(agent, id));
      case RESOLVE -> answer(desk.router.resolve(agent, id));
      case TYPING -> whenAllowed(id, null, () -> desk.events.publish(new GatewayEvent.AgentTyping(id, agent)));
      case HISTORY -> history(id);
    }
  }

  /** A reply (through the outbox) or a note (internal): only by the assignee or a supervisor. */
  private void write(DeskFrame.Write w) {
    ConversationId id = w.conversationId();
    Direction direction = w.direction();
    String clientId = w.clientId();
    whenAllowed(id, clientId, () -> desk.store.appendAgentMessage(id, direction, agent, w.text(), clientId,
            w.attachmentIds())
        .thenCompose(m -> desk.store.conversation(id).thenApply(c -> {
          log.debug("Stored {} {}", direction, m.id().value());
          line.broadcast(Frames.ack(clientId, m.id().value()));
          c.ifPresent(conv -> desk.events.publish(new GatewayEvent.MessageAdded(conv, m)));
          return m;
        }))
        .exceptionally(err -> {
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          if (cause instanceof AttachmentRefusedException refused) {
            out.error(refused.reason().code(), refused.getMessage(), clientId); // nothing was stored
            return null;
          }
          log.error("Could not store {} from {} in {}", direction, agent, id, err);
          out.error("internal", "the message could not be stored; send it again with the same clientId", clientId);
          return null;
        }));
  }

  /** A canned reply's text filled in for the conversation, to this desk only; for the assignee or a supervisor. */
  private void expandCannedReply(DeskFrame.ExpandCannedReply e) {
    ConversationId id = e.conversationId();
    Optional<CannedReplyConfig> reply = desk.cannedReplies().find(e.cannedReplyId());
    if (reply.isEmpty()) {
      out.error("not_found", "no canned reply `" + e.cannedReplyId() + "`");
      return;
    }
    String agentName = desk.agent(agent).map(AgentConfig::name).orElse(agent);
    whenAllowed(id, null, () -> desk.store.conversation(id).thenCompose(found -> {
      if (found.isEmpty()) {
        out.error("not_found", "no conversation " + id);
        return CompletableFuture.completedFuture(null);
      }
      Conversation c = found.get();
      if (!reply.get().appliesTo(c.tier(), c.channel().key())) {
        out.error("not_applicable", "canned reply `" + reply.get().id() + "` is not for " + c.tier()
            + " conversations on " + c.channel().key());
        return CompletableFuture.completedFuture(null);
      }
      return desk.store.view(c, 0).thenAccept(v -> out.frame(Frames.cannedReplyExpanded(id,
          reply.get().id(), CannedReplies.expand(reply.get().text(), v.contact().orElse(null), agentName, c.ref()))));
    }).exceptionally(err -> {
      log.error("Could not fill in canned reply {} for {} in {}", e.cannedReplyId(), agent, id, err);
      out.error("internal", "the canned reply could not be filled in; try again");
      return null;
    }));
  }

  /** For the assignee, a supervisor, the agent it is offered to, and an agent who may find it by search ({@link DeskSearch}). */
  private void history(ConversationId id) {
    desk.router.state(agent).thenCombine(desk.router.mayWrite(agent, id), (state, may) -> may
        || state.offers().stream().anyMatch(o -> o.conversation().id().equals(id)))
        .thenAccept(allowed -> desk.store.conversation(id).thenAccept(c -> {
          if (!allowed && (c.isEmpty() || !desk.search.scope(agent).allows(c.get()))) {
            out.error("forbidden", "conversation " + id + " is not yours, nor offered to you, nor of your tiers");
          } else if (c.isEmpty()) {
            out.error("not_found", "no conversation " + id);
          } else {
            desk.withHistory("history", c.get()).thenAccept(out::frame);
          }
        }));
  }

  /** Runs {@code action} when the agent may write to the conversation; a refusal names {@code clientId}. */
  private void whenAllowed(ConversationId id, String clientId, Runnable action) {
    desk.router.mayWrite(agent, id).thenAccept(allowed -> {
      if (allowed) {
        action.run();
      } else {
        out.error("forbidden", "only the assignee or a supervisor may write to " + id, clientId);
      }
    });
  }

  private void answer(CompletionStage<CommandResult> result) {
    result.whenComplete((r, err) -> {
      if (err != null) {
        out.error("internal", "the router could not take the command");
      } else if (r instanceof CommandResult.Refused refused) {
        out.error(refused.code().key(), refused.message());
      }
    });
  }
}
