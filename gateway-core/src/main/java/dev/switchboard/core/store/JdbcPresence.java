package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * {@link Presence} over the store's group writer. Its writes are leader-only: the router writes them, and a
 * deposed leader's router (still stopping, or paused past its lease) must not end or open the stretches the
 * next leader's router keeps, nor count an agent present twice in the staffing report.
 */
final class JdbcPresence implements Presence {

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Fence fence;

  JdbcPresence(GroupCommitWriter writer, JdbcDeliveries.Fence fence) {
    this.writer = requireNonNull(writer, "writer");
    this.fence = requireNonNull(fence, "fence");
  }

  @Override
  public CompletionStage<Void> record(String agent, boolean available, Instant at) {
    requireNonNull(agent, "agent");
    requireNonNull(at, "at");
    return writer.submit("recordAvailability", fence.leaderOnly("recordAvailability", c -> {
      PresenceRows.record(c, agent, available, at);
      return null;
    }));
  }

  @Override
  public CompletionStage<Integer> endAll(Instant at) {
    requireNonNull(at, "at");
    return writer.submit("endAvailability",
        fence.leaderOnly("endAvailability", c -> PresenceRows.endAll(c, at)));
  }
}
