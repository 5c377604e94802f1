package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.routing.Timers.AnswerDue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code routing.answerTimeout}: an accepted conversation whose agent sends no reply within it goes back
 * to the queue. Each accept is tracked with the place the conversation had in the queue, so it can go
 * back to that place; a reply, or the conversation leaving its agent any other way, ends the tracking.
 * Timers are never cancelled: one that fires for an accept no longer tracked finds nothing to do.
 */
final class AnswerTimeouts {

  /**
   * An accept awaiting its agent's first reply: who, until when, and the conversation's place in the
   * queue before it was accepted ({@code null} after a restart, when that place is not known).
   */
  record Pending(String agent, Instant due, Waiting place) {
    Pending {
      requireNonNull(agent, "agent");
      requireNonNull(due, "due");
    }
  }

  private final Timers timers;
  private final Map<ConversationId, Pending> pending = new HashMap<>();
  private Duration timeout;

  AnswerTimeouts(Duration timeout, Timers timers) {
    this.timeout = timeout;
    this.timers = timers;
  }

  /** A reload: the new timeout applies to accepts from now on. */
  void timeout(Duration next) {
    timeout = next;
  }

  /** {@code agent} accepted the conversation that waited as {@code place}. */
  void accepted(Waiting place, String agent, Instant now) {
    if (timeout != null) {
      track(place.id, new Pending(agent, now.plus(timeout), place));
    }
  }

  /**
   * A conversation held by its agent before a restart. The accept time is not stored, so the timer runs
   * from the conversation's last stored change, which is the accept or later; only while a response
   * is owed (never answered, or the customer wrote since the last reply).
   */
  void restored(Conversation c, Instant now) {
    boolean owed = c.firstRespondedAt() == null || c.nextResponseDue() != null;
    if (timeout != null && owed && c.assignee() != null) {
      Instant due = c.updatedAt().plus(timeout);
      track(c.id(), new Pending(c.assignee(), due.isAfter(now) ? due : now, null));
    }
  }

  /** The place in the queue the conversation had before its tracked accept, or null (not tracked, or restored). */
  Waiting place(ConversationId id) {
    Pending p = pending.get(id);
    return p == null ? null : p.place();
  }

  /** The agent replied, or the conversation left them: no timeout for this accept any more. */
  void end(ConversationId id) {
    pending.remove(id);
  }

  /** The accept the timer {@code t} armed for {@code at}, when it is still unanswered; it stops being tracked. */
  Optional<Pending> expired(AnswerDue t, Instant at) {
    Pending p = pending.get(t.conversation());
    if (p == null || !p.agent().equals(t.agent()) || !p.due().equals(at)) {
      return Optional.empty();
    }
    pending.remove(t.conversation());
    return Optional.of(p);
  }

  private void track(ConversationId id, Pending p) {
    pending.put(id, p);
    timers.at(p.due(), new AnswerDue(id, p.agent()));
  }
}
