package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static dev.switchboard.core.store.WriterFixtures.put;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.logging.LogContext;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * The store writer's transactions on a real SQLite file: one held connection, each batch one
 * {@code BEGIN IMMEDIATE … COMMIT}, a new connection after one broke, and writes submitted alone in a
 * transaction of their own, which may leave their sync to the next commit.
 */
class WriterTransactionsTest {

  @TempDir
  Path dir;

  private Database db;
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private GroupCommitWriter writer;

  @BeforeEach
  void open() throws Exception {
    db = Database.sqlite(dir.resolve("w.db"), 2);
    writer = new GroupCommitWriter(db, 64, Duration.ZERO, meters);
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  private static <T> T done(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  private int count() throws SQLException {
    return WriterFixtures.channelStateRows(db);
  }

  @Test
  void eachBatchCommitsOnceOnTheOneConnectionTheWriterHolds() throws Exception {
    AtomicInteger commits = new AtomicInteger();
    List<Connection> connections = new CopyOnWriteArrayList<>();
    done(writer.submit("listen", c -> {
      c.unwrap(SQLiteConnection.class).addCommitListener(new SQLiteCommitListener() {
        @Override
        public void onCommit() {
          commits.incrementAndGet();
        }

        @Override
        public void onRollback() {}
      });
      return null;
    }));
    for (int i = 0; i < 10; i++) {
      done(writer.submit("put", c -> {
        connections.add(c);
        return put("k" + connections.size()).run(c);
      }));
    }

    // The listening batch's own commit and one per put: no empty transaction begun and committed around each.
    assertThat(commits.get()).isEqualTo(11);
    assertThat(connections).hasSize(10).containsOnly(connections.get(0));
    assertThat(count()).isEqualTo(10);
  }

  @Test
  void betweenBatchesTheWriterHoldsNoLock() throws Exception {
    done(writer.submit("put", put("a")));
    try (Connection other = db.writeConnection(); Statement s = other.createStatement()) {
      s.execute("PRAGMA busy_timeout = 0"); // fail at once, rather than wait, if the writer held the lock
      s.execute("BEGIN IMMEDIATE");
      s.execute("ROLLBACK");
    }
    assertThat(done(writer.submit("put", put("b")))).isEqualTo("b");
  }

  @Test
  void aBatchAfterTheConnectionBrokeCommitsOnANewOne() throws Exception {
    done(writer.submit("put", put("before")));
    CompletableFuture<Object> breaking = writer.submit("break", c -> {
      c.close(); // as a connection that broke in the middle of a transaction
      return null;
    });
    assertThat(breaking).failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(SQLException.class);

    assertThat(done(writer.submit("put", put("after")))).isEqualTo("after");
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void writesFailPromptlyWhenTheDatabaseClosesUnderTheHeldConnection() throws Exception {
    done(writer.submit("put", put("held"))); // the writer now holds its connection
    db.close();

    assertThat(writer.submit("put", put("late"))).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(SQLException.class);
  }

  @Test
  void aWriteSubmittedAloneCommitsInATransactionOfItsOwnInQueueOrder() throws Exception {
    WriterFixtures.Held held = WriterFixtures.hold(writer);
    List<String> completed = new CopyOnWriteArrayList<>();
    List<CompletableFuture<String>> writes = List.of(
        writer.submit("put", put("a")), writer.submit("put", put("b")),
        writer.submitAlone("alone", put("alone"), WriteTransactions.Sync.AT_COMMIT),
        writer.submit("put", put("c")), writer.submit("put", put("d")));
    writes.forEach(w -> w.thenAccept(completed::add));
    await().atMost(Duration.ofSeconds(20)).until(() -> writer.waiting() == 5);
    held.release();
    done(held.future());
    for (CompletableFuture<String> w : writes) {
      done(w);
    }

    DistributionSummary batches = meters.get("switchboard.store.batch.size").summary();
    assertThat(batches.count()).isEqualTo(4); // held | a b | alone | c d
    assertThat(batches.totalAmount()).isEqualTo(6);
    assertThat(batches.max()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(20)).until(() -> completed.size() == 5);
    assertThat(completed).containsExactly("a", "b", "alone", "c", "d");
  }

  @Test
  void aWriteAloneThatFailsFailsAloneAndTheOthersCommitOnce() throws Exception {
    WriterFixtures.Held held = WriterFixtures.hold(writer);
    CompletableFuture<String> a = writer.submit("put", put("a"));
    CompletableFuture<String> bad = writer.submitAlone("bad", WriterFixtures.failing(), WriteTransactions.Sync.AT_COMMIT);
    CompletableFuture<String> b = writer.submit("put", put("b"));
    await().atMost(Duration.ofSeconds(20)).until(() -> writer.waiting() == 3);
    held.release();

    assertThat(done(held.future())).isTrue();
    assertThat(done(a)).isEqualTo("a");
    assertThat(done(b)).isEqualTo("b");
    assertThat(bad).failsWithin(Duration.ofSeconds(20));
    // No batch was re-run one write at a time: a and b each committed in the batch they were taken in.
    assertThat(meters.get("switchboard.store.batch.size").summary().count()).isEqualTo(3);
    assertThat(count()).isEqualTo(2);
  }

  /** The connection's {@code PRAGMA synchronous} inside the transaction (1 NORMAL, 2 FULL). */
  private static final Work<Integer> SYNC_LEVEL = c -> {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
      rs.next();
      return rs.getInt(1);
    }
  };

  @Test
  void onlyAWriteAloneThatLeavesItsSyncToTheNextCommitCommitsWithoutItsOwn() throws Exception {
    assertThat(done(writer.submit("put", SYNC_LEVEL))).isEqualTo(2);
    assertThat(done(writer.submitAlone("index", SYNC_LEVEL, WriteTransactions.Sync.WITH_NEXT_COMMIT)))
        .isEqualTo(1);
    // Set back after its commit: the next batch, shared or alone, syncs at its own.
    assertThat(done(writer.submit("put", SYNC_LEVEL))).isEqualTo(2);
    assertThat(done(writer.submitAlone("alone", SYNC_LEVEL, WriteTransactions.Sync.AT_COMMIT))).isEqualTo(2);
  }

  @Test
  void aWriteAloneThatLeftItsSyncToTheNextCommitAndFailedLeavesTheNextSyncingAtItsOwn() throws Exception {
    assertThat(writer.submitAlone("bad", WriterFixtures.failing(), WriteTransactions.Sync.WITH_NEXT_COMMIT))
        .failsWithin(Duration.ofSeconds(20));

    assertThat(done(writer.submit("put", SYNC_LEVEL))).isEqualTo(2);
  }

  @Test
  void aWriteThatSharesItsCommitCannotLeaveItsSyncToTheNext() {
    assertThatIllegalArgumentException().isThrownBy(() -> new QueuedWrite<>("put", put("k"),
        new CompletableFuture<>(), null, LogContext.capture(), QueuedWrite.Batching.SHARED,
        WriteTransactions.Sync.WITH_NEXT_COMMIT, System.nanoTime()));
  }
}
