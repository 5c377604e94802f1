package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.DeliveryStatus;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Deliveries} over JDBC: the outbox (due sends, attempts, reclaim after a crash) and delivery
 * updates from providers (held when they come before their message). Writes go through the store's group
 * writer, reads through its reader pool, and the leader-only writes through its fence, so a fenced view of
 * the store fences these too.
 */
final class JdbcDeliveries implements Deliveries {

  /** The store's reader pool. */
  interface Reads {
    <T> CompletableFuture<T> read(Work<T> work);
  }

  /** The store's fence: work refused in its own transaction unless the view's term is still the lease's. */
  interface Fence {
    <T> Work<T> leaderOnly(String operation, Work<T> work);
  }

  private final GroupCommitWriter writer;
  private final Reads reads;
  private final Fence fence;
  private final Clock clock;

  JdbcDeliveries(GroupCommitWriter writer, Reads reads, Fence fence, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
    this.fence = requireNonNull(fence, "fence");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<Integer> hurryPendingOutbox(Channel channel, Instant now, int limit) {
    requireNonNull(channel, "channel");
    requireNonNull(now, "now");
    checkLimit(limit);
    return writer.submit("hurryPendingOutbox",
        fence.leaderOnly("hurryPendingOutbox", c -> OutboxRows.hurryPending(c, channel, now, limit)));
  }

  @Override
  public CompletionStage<Boolean> deferOutbox(OutboxEntry entry, Instant now, Instant at) {
    requireNonNull(entry, "entry");
    requireNonNull(now, "now");
    requireNonNull(at, "at");
    return writer.submit("deferOutbox", fence.leaderOnly("deferOutbox",
        c -> OutboxRows.moveAsRead(c, entry.messageId(), entry.attempts(), now, at)));
  }

  @Override
  public CompletionStage<List<OutboxEntry>> dueOutbox(Instant now, Channel channel, int limit) {
    requireNonNull(now, "now");
    requireNonNull(channel, "channel");
    checkLimit(limit);
    return reads.read(c -> OutboxRows.due(c, now, channel, limit));
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
  }

  @Override
  public CompletionStage<Integer> reclaimInterruptedSends(Instant now) {
    requireNonNull(now, "now");
    return writer.submit("reclaimInterruptedSends",
        fence.leaderOnly("reclaimInterruptedSends", c -> OutboxRows.reclaimInterrupted(c, now)));
  }

  @Override
  public CompletionStage<Boolean> claimOutbox(OutboxEntry entry, Instant now, Instant lease) {
    requireNonNull(entry, "entry");
    requireNonNull(now, "now");
    requireNonNull(lease, "lease");
    return writer.submit("claimOutbox", fence.leaderOnly("claimOutbox", c -> {
      if (!OutboxRows.moveAsRead(c, entry.messageId(), entry.attempts(), now, lease)) {
        return false;
      }
      MessageRows.setDelivery(c, entry.messageId(), DeliveryStatus.SENDING, null, null);
      return true;
    }));
  }

  @Override
  public CompletionStage<Boolean> releaseClaim(OutboxEntry entry, Instant lease, Message asRead) {
    requireNonNull(entry, "entry");
    requireNonNull(lease, "lease");
    requireNonNull(asRead, "asRead");
    if (!asRead.id().equals(entry.messageId())) {
      throw new IllegalArgumentException("asRead: message " + asRead.id() + " (expected: " + entry.messageId() + ")");
    }
    return writer.submit("releaseClaim", fence.leaderOnly("releaseClaim", c -> {
      if (!OutboxRows.moveAsRead(c, entry.messageId(), entry.attempts(), lease, entry.nextAttemptAt())) {
        return false;
      }
      MessageRows.setDelivery(c, entry.messageId(), asRead.delivery(), asRead.deliveryDetail(), null);
      return true;
    }));
  }

  @Override
  public CompletionStage<Message> recordAttempt(MessageId messageId, DeliveryStatus status, String detail,
      String externalId, int attempts, Instant nextAttemptAt) {
    requireNonNull(messageId, "messageId");
    requireNonNull(status, "status");
    return writer.submit("recordAttempt", fence.leaderOnly("recordAttempt", c -> {
      MessageRows.setDelivery(c, messageId, status, detail, externalId);
      OutboxRows.reschedule(c, messageId, attempts, nextAttemptAt);
      Message m = MessageRows.byId(c, messageId).orElseThrow();
      return externalId == null ? m : ChannelRows.applyHeld(c, m);
    }));
  }

  @Override
  public CompletionStage<Optional<Message>> updateDelivery(
      Channel channel, String externalId, DeliveryStatus status, String detail) {
    requireNonNull(channel, "channel");
    requireNonNull(externalId, "externalId");
    requireNonNull(status, "status");
    return writer.submit("updateDelivery", c -> {
      Optional<Message> found = MessageRows.byExternalId(c, channel, externalId);
      if (found.isEmpty()) {
        ChannelRows.hold(c, channel, externalId, status, detail, clock.instant());
        return found;
      }
      Message m = found.get();
      // Provider callbacks arrive out of order: a late "sent" must not undo "delivered" or "failed".
      if (!m.delivery().advancesTo(status)) {
        return found;
      }
      MessageRows.setDelivery(c, m.id(), status, detail, null);
      return MessageRows.byId(c, m.id());
    });
  }

  @Override
  public CompletionStage<HeldUpdates> sweepHeldDeliveryUpdates(Channel channel, Instant heldBefore) {
    requireNonNull(channel, "channel");
    requireNonNull(heldBefore, "heldBefore");
    return writer.submit("sweepHeldDeliveryUpdates", c -> {
      List<Message> applied = new java.util.ArrayList<>();
      for (String externalId : ChannelRows.heldExternalIds(c, channel)) {
        Optional<Message> m = MessageRows.byExternalId(c, channel, externalId);
        if (m.isPresent()) {
          Message now = ChannelRows.applyHeld(c, m.get());
          if (now.delivery() != m.get().delivery()) {
            applied.add(now);
          }
        }
      }
      return new HeldUpdates(applied, ChannelRows.dropHeldBefore(c, channel, heldBefore));
    });
  }
}
