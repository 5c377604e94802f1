package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import dev.switchboard.core.model.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementsTest {

  private static final String COUNT = "SELECT COUNT(*) FROM channel_state";

  @TempDir
  Path dir;

  private Database db;

  @BeforeEach
  void open() throws Exception {
    db = Database.sqlite(dir.resolve("s.db"), 1);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theSameSqlIsPreparedOncePerConnectionAcrossCheckouts() throws Exception {
    // The reader pool's connections (SQLite's writer holds its one connection rather than checking it out).
    PreparedStatement first;
    try (Connection c = db.readConnection()) {
      first = Statements.prepare(c, COUNT);
      assertThat(count(first)).isZero();
    }
    try (Connection c = db.readConnection()) {
      PreparedStatement again = Statements.prepare(c, COUNT);
      assertThat(again).isSameAs(first);
      assertThat(again.isClosed()).isFalse();
      assertThat(count(again)).isZero();
      assertThat(Statements.prepare(c, COUNT + " WHERE channel = 'CHAT'")).isNotSameAs(first);
    }
  }

  @Test
  void connectionsAskTheDriverForNoGeneratedKeys() throws Exception {
    // Else every insert costs a hidden second query (SELECT last_insert_rowid()) that nothing reads.
    try (Connection writer = db.writeConnection(); Connection reader = db.readConnection()) {
      assertThat(writer.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys()).isFalse();
      assertThat(reader.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys()).isFalse();
    }
  }

  @Test
  void anIdleCachedReadHoldsNoSnapshotOpen() throws Exception {
    PreparedStatement cachedRead;
    try (Connection reader = db.readConnection()) {
      cachedRead = Statements.prepare(reader, COUNT);
      assertThat(count(cachedRead)).isZero();
    }
    try (Connection writer = db.writeConnection()) {
      OutboxRows.putChannelState(writer, Channel.CHAT, "k", "v", Instant.EPOCH);
      // A reader statement left stepped would pin the WAL: the checkpoint could not reach its end.
      try (PreparedStatement ps = writer.prepareStatement("PRAGMA wal_checkpoint(TRUNCATE)");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("checkpoint busy").isZero();
      }
    }
    try (Connection reader = db.readConnection()) {
      try (PreparedStatement other = reader.prepareStatement("SELECT state_value FROM channel_state");
          ResultSet rs = other.executeQuery()) {
        assertThat(rs.next()).isTrue();
      }
      assertThat(count(Statements.prepare(reader, COUNT))).isEqualTo(1);
    }
  }

  @Test
  void aClosedConnectionsStatementsArePreparedAfreshAndForgotten() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("s.db");
    PreparedStatement old;
    try (Connection c = DriverManager.getConnection(url)) {
      old = Statements.prepare(c, COUNT);
      count(old);
    }
    int kept = Statements.connectionsKept();
    for (int i = 0; i < 5; i++) {
      try (Connection c = DriverManager.getConnection(url)) {
        PreparedStatement fresh = Statements.prepare(c, COUNT);
        assertThat(fresh).isNotSameAs(old);
        assertThat(count(fresh)).isZero();
      }
    }
    assertThat(Statements.connectionsKept()).isLessThanOrEqualTo(kept);
  }

  @Test
  void aConnectionKeepsAtMostItsLimitOfStatements() throws Exception {
    try (Connection c = db.writeConnection()) {
      PreparedStatement eldest = Statements.prepare(c, COUNT + " WHERE 0 = 0");
      for (int i = 1; i <= Statements.PER_CONNECTION; i++) {
        Statements.prepare(c, COUNT + " WHERE " + i + " = " + i);
      }
      assertThat(eldest.isClosed()).isTrue();
    }
  }

  private static int count(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
