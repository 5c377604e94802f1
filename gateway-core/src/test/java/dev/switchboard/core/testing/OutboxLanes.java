package dev.switchboard.core.testing;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.OutboxEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The whole outbox, for tests that assert on entries whatever channel they leave through: the store reads
 * it one channel's lane at a time ({@link dev.switchboard.core.store.Deliveries#dueOutbox(Instant, Channel, int)}).
 */
public final class OutboxLanes {

  private OutboxLanes() {}

  /** The entries due at {@code now} in every channel's lane, up to {@code limit} of each, lane after lane. */
  public static CompletionStage<List<OutboxEntry>> dueInEveryLane(ConversationStore store, Instant now, int limit) {
    CompletionStage<List<OutboxEntry>> due = CompletableFuture.completedFuture(List.of());
    for (Channel channel : Channel.values()) {
      due = due.thenCombine(store.deliveries().dueOutbox(now, channel, limit), (before, lane) -> {
        List<OutboxEntry> all = new ArrayList<>(before);
        all.addAll(lane);
        return all;
      });
    }
    return due;
  }
}
