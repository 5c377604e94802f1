package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreThreads#readTogether} on a real SQLite file: its statements read one snapshot, and the
 * transaction that holds it never keeps the writer from committing.
 */
class SqliteReadTogetherTest {

  @TempDir
  Path dir;

  private Database db;
  private GroupCommitWriter writer;
  private StoreThreads threads;

  @BeforeEach
  void open() throws Exception {
    db = Database.sqlite(dir.resolve("t.db"), 2);
    writer = new GroupCommitWriter(db, 16, Duration.ZERO, new SimpleMeterRegistry());
    threads = new StoreThreads(db, writer);
    threads.write("table", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE notes (n INTEGER)");
        s.execute("INSERT INTO notes VALUES (1)");
      }
      return null;
    }).get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    threads.close();
    db.close();
  }

  @Test
  void itsStatementsReadOneSnapshotWhileTheWriterCommitsBesideIt() throws Exception {
    CountDownLatch firstRead = new CountDownLatch(1);
    CountDownLatch written = new CountDownLatch(1);
    CompletableFuture<List<Long>> read = threads.readTogether(c -> {
      long before = count(c);
      firstRead.countDown();
      assertThat(awaitQuietly(written)).as("the write committed while the read was open").isTrue();
      return List.of(before, count(c));
    });
    assertThat(firstRead.await(20, TimeUnit.SECONDS)).isTrue();
    // With the write lock taken by the reader's BEGIN (IMMEDIATE) this would wait out the busy timeout.
    threads.write("insert", c -> {
      try (Statement s = c.createStatement()) {
        return s.executeUpdate("INSERT INTO notes VALUES (2)");
      }
    }).get(5, TimeUnit.SECONDS);
    written.countDown();

    assertThat(read.get(20, TimeUnit.SECONDS)).as("both statements saw the snapshot of the first").containsExactly(1L, 1L);
    assertThat(threads.read(SqliteReadTogetherTest::count).get(20, TimeUnit.SECONDS)).isEqualTo(2L);
    // The connection went back to the pool as it came: each statement its own transaction again.
    assertThat(threads.read(Connection::getAutoCommit).get(20, TimeUnit.SECONDS)).isTrue();
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM notes")) {
      r.next();
      return r.getLong(1);
    }
  }
}
