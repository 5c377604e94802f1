package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/** {@link Presence} over the store's group writer; not leader-only, so a fenced store's is the same. */
final class JdbcPresence implements Presence {

  private final GroupCommitWriter writer;

  JdbcPresence(GroupCommitWriter writer) {
    this.writer = requireNonNull(writer, "writer");
  }

  @Override
  public CompletionStage<Void> record(String agent, boolean available, Instant at) {
    requireNonNull(agent, "agent");
    requireNonNull(at, "at");
    return writer.submit("recordAvailability", c -> {
      PresenceRows.record(c, agent, available, at);
      return null;
    });
  }

  @Override
  public CompletionStage<Integer> endAll(Instant at) {
    requireNonNull(at, "at");
    return writer.submit("endAvailability", c -> PresenceRows.endAll(c, at));
  }
}
