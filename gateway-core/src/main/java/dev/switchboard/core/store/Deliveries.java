package dev.switchboard.core.store;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The outbox and the delivery state of sent messages: due sends, send attempts, the reclaim after a crash,
 * and providers' status callbacks (held when they overtake their message). The outbox's writes
 * ({@link #hurryPendingOutbox}, {@link #deferOutbox}, {@link #reclaimInterruptedSends}, {@link #claimOutbox},
 * {@link #releaseClaim}, {@link #recordAttempt}) are leader-only: a fenced store's are fenced.
 */
public interface Deliveries {

  /**
   * Makes up to {@code limit} of the {@code channel}'s {@link DeliveryStatus#PENDING} outbox entries due
   * at {@code now}, those due soonest first; returns how many. The outbox probes a failing provider with
   * one, and sends the rest at once when the provider is back, instead of letting each wait out its backoff.
   */
  CompletionStage<Integer> hurryPendingOutbox(Channel channel, Instant now, int limit);

  /**
   * Moves an outbox entry to {@code at} without counting an attempt (it waits for its sender's next send
   * slot: the provider's rate), only if it is still as {@code entry} read it, as {@link #claimOutbox} claims;
   * answers whether it moved it. A late read's entry sent or retried since is left as it is.
   * Leader-only, like {@link #recordAttempt}.
   */
  CompletionStage<Boolean> deferOutbox(OutboxEntry entry, Instant now, Instant at);

  /**
   * Outbox entries due at {@code now} that leave through {@code channel} (their recipient's kind, or their
   * conversation's channel), oldest first: one channel's lane, so a slow provider never holds back another.
   */
  CompletionStage<List<OutboxEntry>> dueOutbox(Instant now, Channel channel, int limit);

  /**
   * Makes every entry whose message is still {@link DeliveryStatus#SENDING} due at {@code now}, and
   * returns how many. Called once as the outbox starts, before it sends anything: a send still marked
   * so was cut off by a stop or a crash of the process that began it, and need not wait out its lease.
   * (With one node per store; a cluster fences this with the leader's term.)
   */
  CompletionStage<Integer> reclaimInterruptedSends(Instant now);

  /**
   * Claims an outbox entry for a send as {@code entry} read it: marks its message {@link DeliveryStatus#SENDING}
   * and moves the entry to {@code lease} (when a send cut off by a crash is tried again), only if the entry is
   * still there with the attempts the read saw and due at {@code now}; answers whether it claimed. A read
   * answers what was due when it ran: by the time its answer is used the entry may have been sent, claimed
   * by another attempt, retried or moved to a pacing slot, and no one may send it on that read's word.
   * Leader-only, like {@link #recordAttempt}.
   */
  CompletionStage<Boolean> claimOutbox(OutboxEntry entry, Instant now, Instant lease);

  /**
   * Gives back a claim whose send never began (the outbox stopped between the claim and the call to the
   * provider): the entry due again at the time {@code entry} read, and its message's delivery and detail as
   * {@code asRead} had them, only if the entry still holds that claim (the attempts read, due by {@code lease});
   * answers whether it gave it back. Kept, the claim would have the next leader take the entry up as an
   * interrupted send and count a resend of what the provider never saw. Leader-only, like {@link #claimOutbox}.
   */
  CompletionStage<Boolean> releaseClaim(OutboxEntry entry, Instant lease, Message asRead);

  /**
   * Records a send attempt's outcome: the message's delivery state, its external id when sent, and the
   * outbox entry rescheduled to {@code nextAttemptAt} or removed when {@code nextAttemptAt} is null.
   * Delivery updates held for that external id (see {@link #updateDelivery}) are applied in the same
   * transaction. Completes with the message as it then is.
   */
  CompletionStage<Message> recordAttempt(
      MessageId messageId, DeliveryStatus status, String detail, String externalId, int attempts, Instant nextAttemptAt);

  /**
   * A provider's status callback: moves the delivery state of the message with that external id, only
   * forward ({@link DeliveryStatus#advancesTo}), and completes with the message. When no message has that
   * id yet (the callback overtook the outbox recording it) the update is <em>held</em> durably and the
   * stage completes empty; {@link #recordAttempt} applies it when the id is recorded.
   */
  CompletionStage<Optional<Message>> updateDelivery(Channel channel, String externalId, DeliveryStatus status,
      String detail);

  /**
   * Applies the held updates of {@code channel} whose message now has the id (left by a race between
   * nodes, or a stop between two writes), and drops those held since before {@code heldBefore}.
   */
  CompletionStage<HeldUpdates> sweepHeldDeliveryUpdates(Channel channel, Instant heldBefore);
}
