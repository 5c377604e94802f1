package dev.switchboard.core.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * Which waiting conversation is offered to which agent next: the queue order and the choice of agent.
 * It is told of every change that bears on a choice (a conversation filed or taken out, a seat changed)
 * and holds no state of its own beyond what makes the choice fast. A filed conversation's key and
 * eligibility fields never change while it is filed: the owner takes it out, changes it, files it again.
 */
interface Matching {

  /** {@code w} waits without an offer, in its place by {@link Waiting#key()}. */
  void file(Waiting w);

  /** {@code w} no longer waits without an offer (offered, taken, gone, or about to change). */
  void unfile(Waiting w);

  /** The seat was added, or its availability, load, idle time or configuration changed. */
  void seatChanged(AgentSeat s);

  /** The seat is gone (removed by a reload). */
  void seatRemoved(AgentSeat s);

  /**
   * Decides the offers to make now, in queue order, each through {@code offers} (which updates the seat
   * and unfiles the conversation before the next choice). The choice per conversation: the sticky agent
   * when eligible and not a decliner; else among the eligible agents who have not declined it, the least
   * loaded, then the longest idle, then by id; an agent who declined (or let the offer lapse) gets it
   * again only when no one else is eligible and one offer timeout has passed since.
   */
  void dispatch(Instant now, Duration offerTimeout, Offers offers);

  /** Makes one offer. */
  @FunctionalInterface
  interface Offers {
    void offer(Waiting w, AgentSeat seat);
  }
}
