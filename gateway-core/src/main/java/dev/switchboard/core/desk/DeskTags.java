package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Tags;
import dev.switchboard.core.store.TagChange;
import dev.switchboard.core.store.TagOutcome;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's {@code tag} frame: adds and removes a conversation's tags, for the assignee or a supervisor
 * (as for a note). The conversation with its new tags goes out as {@code conversation_updated} with
 * reason {@code tagged} to the assignee's desks, and to the tagging desk when that is someone else's.
 * No bus event: tags are the agents' own, nothing else (the chat visitor, the router's rules) reacts to them.
 */
final class DeskTags {

  private static final Logger log = LoggerFactory.getLogger(DeskTags.class);

  private final AgentDesk desk;

  DeskTags(AgentDesk desk) {
    this.desk = requireNonNull(desk, "desk");
  }

  void tag(String agent, DeskFrame.Tag frame, DeskOut out) {
    ConversationId id = frame.conversationId();
    if (frame.add().size() > Tags.MAX_PER_CONVERSATION) {
      out.error("too_many_tags", "a conversation carries at most " + Tags.MAX_PER_CONVERSATION + " tags");
      return;
    }
    TagChange change;
    try {
      change = TagChange.of(frame.add(), frame.remove(), agent);
    } catch (Tags.TooLong e) {
      out.error("too_long", e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      out.error("bad_request", e.getMessage());
      return;
    }
    desk.router.mayWrite(agent, id).thenCompose(allowed -> {
      if (!allowed) {
        out.error("forbidden", "only the assignee or a supervisor may tag " + id);
        return CompletableFuture.completedFuture(null);
      }
      return desk.store.retag(id, change).thenCompose(outcome -> {
        if (outcome instanceof TagOutcome.TooMany tooMany) {
          out.error("too_many_tags", "a conversation carries at most " + Tags.MAX_PER_CONVERSATION + " tags; this"
              + " would make " + tooMany.wouldHave());
          return CompletableFuture.completedFuture(null);
        }
        Conversation stored = ((TagOutcome.Tagged) outcome).conversation();
        return desk.router.retagged(stored).thenAccept(c -> announce(agent, c, out));
      });
    }).exceptionally(err -> {
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      if (cause instanceof NoSuchElementException) {
        out.error("not_found", "no conversation " + id);
      } else {
        log.error("Could not tag {} for {}", id, agent, cause);
        out.error("internal", "the tags could not be stored; send them again");
      }
      return null;
    });
  }

  private void announce(String agent, Conversation c, DeskOut out) {
    ObjectNode frame = Frames.conversationUpdated(c, "tagged");
    String assignee = desk.router.assignee(c.id());
    if (assignee != null) {
      desk.line(assignee).broadcastLater(() -> CompletableFuture.completedFuture(frame));
    }
    if (!agent.equals(assignee)) {
      out.frame(Frames.conversationUpdated(c, "tagged"));
    }
  }
}
