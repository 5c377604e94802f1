package dev.switchboard.core.outbox;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.Deliveries;
import dev.switchboard.core.store.HeldUpdates;
import dev.switchboard.core.store.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store's deliveries whose first read of due entries answers late: the read runs on the store at once,
 * and its answer is handed over only when {@link #answer} is called, as a reader thread that a loaded machine
 * leaves waiting between the query and its continuation does. Everything else goes to the store as it is.
 */
final class LateDueReads implements Deliveries {

  private final Deliveries store;
  private final CompletableFuture<List<OutboxEntry>> firstRead = new CompletableFuture<>();
  private final CompletableFuture<Void> answered = new CompletableFuture<>();
  private boolean first = true;

  LateDueReads(Deliveries store) {
    this.store = requireNonNull(store, "store");
  }

  /** What the first read found in the store (it has not been handed over before {@link #answer}). */
  CompletionStage<List<OutboxEntry>> firstRead() {
    return firstRead;
  }

  /** Hands the first read's answer over, on this thread. */
  void answer() {
    answered.complete(null);
  }

  @Override
  public synchronized CompletionStage<List<OutboxEntry>> dueOutbox(Instant now, Channel channel, int limit) {
    CompletionStage<List<OutboxEntry>> read = store.dueOutbox(now, channel, limit);
    if (!first) {
      return read;
    }
    first = false;
    read.whenComplete((due, err) -> {
      if (err != null) {
        firstRead.completeExceptionally(err);
      } else {
        firstRead.complete(due);
      }
    });
    return firstRead.thenCombine(answered, (due, v) -> due);
  }

  @Override
  public CompletionStage<Integer> hurryPendingOutbox(Channel channel, Instant now, int limit) {
    return store.hurryPendingOutbox(channel, now, limit);
  }

  @Override
  public CompletionStage<Boolean> deferOutbox(OutboxEntry entry, Instant now, Instant at) {
    return store.deferOutbox(entry, now, at);
  }

  @Override
  public CompletionStage<Integer> reclaimInterruptedSends(Instant now) {
    return store.reclaimInterruptedSends(now);
  }

  @Override
  public CompletionStage<Boolean> claimOutbox(OutboxEntry entry, Instant now, Instant lease) {
    return store.claimOutbox(entry, now, lease);
  }

  @Override
  public CompletionStage<Boolean> releaseClaim(OutboxEntry entry, Instant lease, Message asRead) {
    return store.releaseClaim(entry, lease, asRead);
  }

  @Override
  public CompletionStage<Message> recordAttempt(MessageId messageId, DeliveryStatus status, String detail,
      String externalId, int attempts, Instant nextAttemptAt) {
    return store.recordAttempt(messageId, status, detail, externalId, attempts, nextAttemptAt);
  }

  @Override
  public CompletionStage<Optional<Message>> updateDelivery(Channel channel, String externalId, DeliveryStatus status,
      String detail) {
    return store.updateDelivery(channel, externalId, status, detail);
  }

  @Override
  public CompletionStage<HeldUpdates> sweepHeldDeliveryUpdates(Channel channel, Instant heldBefore) {
    return store.sweepHeldDeliveryUpdates(channel, heldBefore);
  }
}
