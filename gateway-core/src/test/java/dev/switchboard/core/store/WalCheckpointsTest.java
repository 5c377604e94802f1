package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL's checkpoints on a real SQLite file: never inside the writer's commit, in the background beside it,
 * and the writer's catch-up between batches that lets its next transaction write the WAL from its start.
 */
class WalCheckpointsTest {

  /** More pages than SQLite's automatic checkpoint ever let the WAL hold before (10,000 of 4 KiB). */
  private static final int BULK_PAGES = 12_000;
  private static final long BULK_BYTES = BULK_PAGES * 4096L;

  @TempDir
  Path dir;

  private Path file;
  private Database db;
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private GroupCommitWriter writer;

  @BeforeEach
  void open() throws Exception {
    file = dir.resolve("c.db");
    db = Database.sqlite(file, 2);
  }

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
    db.close();
  }

  private void start(Duration checkpointEvery) throws Exception {
    writer = new GroupCommitWriter(db, 64, Duration.ZERO, checkpointEvery, meters);
    writer.submit("table", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE bulk (b BLOB)");
      }
      return null;
    }).get(20, TimeUnit.SECONDS);
  }

  /** One commit of {@link #BULK_PAGES} pages of blobs. */
  private void writeBulk() throws Exception {
    writer.submit("bulk", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bulk VALUES (randomblob(?))")) {
        for (int i = 0; i < BULK_PAGES / 250; i++) {
          ps.setInt(1, 250 * 4096);
          ps.executeUpdate();
        }
      }
      return null;
    }).get(60, TimeUnit.SECONDS);
  }

  private Timer checkpoints(WalCheckpoints.Checkpointer by) {
    return timer(meters, by);
  }

  @Test
  void aCommitOfMorePagesThanTheOldAutomaticCheckpointLeavesTheDatabaseFileAlone() throws Exception {
    start(Duration.ofHours(1));

    writeBulk();

    // Every page is in the WAL only: the commit copied none of them into the database file (SQLite's own
    // checkpoint, on the writer's thread, would have copied them all before the commit returned).
    assertThat(WalFrames.pages(file)).hasSizeGreaterThan(BULK_PAGES);
    assertThat(Files.size(file)).isLessThan(BULK_BYTES / 10);
    assertThat(checkpoints(WalCheckpoints.Checkpointer.BACKGROUND).count()).isZero();
  }

  @Test
  void aBackgroundPassCopiesTheWalAndTheWritersCatchUpLetsItStartAgain() throws Exception {
    start(Duration.ofMillis(100));
    writeBulk();
    int firstFrames = WalFrames.pages(file).size();

    await().atMost(Duration.ofSeconds(30)).until(() -> Files.size(file) >= BULK_BYTES);
    // The next batch, with no write waiting behind it, is followed by the writer's catch-up.
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      writer.submit("put", WriterFixtures.put("k")).get(20, TimeUnit.SECONDS);
      return checkpoints(WalCheckpoints.Checkpointer.WRITER).count() > 0;
    });
    writeBulk();

    // The second bulk write began the WAL again instead of adding to it.
    assertThat(WalFrames.pages(file)).hasSizeLessThan(firstFrames + BULK_PAGES / 2);
    assertThat(Files.size(dir.resolve("c.db-wal"))).isLessThan(firstFrames * 4120L * 5 / 4);
  }

  @Test
  void theWritersCatchUpWaitsToBeAskedThenForAnIdleMomentOrItsPatience() throws Exception {
    try (Connection c = db.writeConnection()) {
      WriterFixtures.put("in the WAL").run(c); // autocommit: the WAL has frames for a pass to copy

      MeterRegistry never = new SimpleMeterRegistry();
      try (WalCheckpoints notAsked = new WalCheckpoints(db, Duration.ofHours(1), 1, never)) {
        notAsked.catchUp(c, true);
        assertThat(timer(never, WalCheckpoints.Checkpointer.WRITER).count()).isZero();
      }

      MeterRegistry idle = new SimpleMeterRegistry();
      try (WalCheckpoints asked = new WalCheckpoints(db, Duration.ofMillis(20), 1, idle)) {
        await().atMost(Duration.ofSeconds(20))
            .until(() -> timer(idle, WalCheckpoints.Checkpointer.BACKGROUND).count() > 0);
        asked.catchUp(c, true);
        assertThat(timer(idle, WalCheckpoints.Checkpointer.WRITER).count()).isEqualTo(1);
      }

      MeterRegistry busy = new SimpleMeterRegistry();
      long before = System.nanoTime();
      try (WalCheckpoints asked = new WalCheckpoints(db, Duration.ofMillis(20), 1, busy)) {
        Timer caughtUp = timer(busy, WalCheckpoints.Checkpointer.WRITER);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> {
          asked.catchUp(c, false); // writes always waiting
          return caughtUp.count() > 0;
        });
        // Asked at the end of the first pass (at least 20 ms in), it then waited out its patience.
        assertThat(System.nanoTime() - before)
            .isGreaterThanOrEqualTo(WalCheckpoints.CATCH_UP_PATIENCE.toNanos());
      }
    }
  }

  private static Timer timer(MeterRegistry meters, WalCheckpoints.Checkpointer by) {
    return meters.get("switchboard.store.checkpoint").tag("checkpointer", by.tag()).timer();
  }
}
