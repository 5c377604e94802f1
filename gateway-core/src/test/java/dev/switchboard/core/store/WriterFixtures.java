package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.Channel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The store writer's tests' own writes: a {@code channel_state} row per key, counted back, and a write that
 * holds the writer so that what is submitted meanwhile queues behind it.
 */
final class WriterFixtures {

  private WriterFixtures() {}

  /** Puts one {@code channel_state} row for {@code key}; the work's result is the key. */
  static Work<String> put(String key) {
    return c -> {
      OutboxRows.putChannelState(c, Channel.CHAT, key, "v", Instant.EPOCH);
      return key;
    };
  }

  /** A write that always fails: an insert into a table that does not exist. */
  static Work<String> failing() {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO no_such_table VALUES (1)")) {
        ps.executeUpdate();
      }
      return "never";
    };
  }

  /** The {@code channel_state} rows committed, read on a reader connection. */
  static int channelStateRows(Database db) throws SQLException {
    try (Connection c = db.readConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM channel_state");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Submits a write that holds {@code writer} until {@link Held#release}, and returns once it runs: every
   * write submitted meanwhile waits in the queue. Its future completes with whether it was released in time.
   */
  static Held hold(GroupCommitWriter writer) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> held = writer.submit("held", c -> {
      running.countDown();
      try {
        return release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
    return new Held(held, release);
  }

  /** A write holding the writer: {@link #release} lets it commit; {@link #future} is its caller's future. */
  record Held(CompletableFuture<Boolean> future, CountDownLatch latch) {
    void release() {
      latch.countDown();
    }
  }
}
