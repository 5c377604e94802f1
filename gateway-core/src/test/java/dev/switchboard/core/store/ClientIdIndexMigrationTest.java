package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V15 makes the client id index partial (only agent and system messages have a client id): a store migrated
 * to V14 and given rows by plain SQL is opened by the store (which runs V15), and an agent's resend of a
 * client id stored before the upgrade is still the first message, while a second row with that client id is
 * still refused by the index itself. Inbound rows, which have none, are no longer in it.
 */
class ClientIdIndexMigrationTest {

  private static final String CONVERSATION = "01JV14CONVERSATION00000001";
  private static final String REPLY = "01JV14MESSAGE0000000000003";

  @TempDir
  Path dir;

  @Test
  void sqliteKeepsRefusingASecondMessageWithTheClientIdAfterTheUpgrade() throws Exception {
    OldSchemas.upgradeSqlite(dir, "15", ClientIdIndexMigrationTest::insertV14Rows, (config, url) -> {
      upgradeAndCheck(config, url);
      try (Connection c = DriverManager.getConnection(url)) {
        // The index's entries, counted in its leaf pages: the agent's reply, not the three inbound messages.
        assertThat(count(c, "SELECT SUM(ncell) FROM dbstat WHERE name = 'messages_by_client_id' AND pagetype = 'leaf'"))
            .isEqualTo(1);
        assertThat(count(c, "SELECT COUNT(*) FROM messages")).isEqualTo(4);
      }
    });
  }

  @Test
  void postgresKeepsRefusingASecondMessageWithTheClientIdAfterTheUpgrade() throws Exception {
    OldSchemas.upgradePostgres(dir, "15", ClientIdIndexMigrationTest::insertV14Rows, (config, url) -> {
      upgradeAndCheck(config, url);
      try (Connection c = DriverManager.getConnection(url)) {
        assertThat(count(c, "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND "
            + "indexname = 'messages_by_client_id' AND indexdef LIKE '%WHERE (client_id IS NOT NULL)%'")).isEqualTo(1);
      }
    });
  }

  /** A contact's conversation with two inbound messages (no client id) and an agent's reply with client id r1. */
  private static void insertV14Rows(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO contacts (id, name, created_at, updated_at) "
          + "VALUES ('01JV14CONTACT0000000000001', 'Old customer', 1, 1)");
      s.executeUpdate("INSERT INTO conversations (id, ref, contact_id, channel, thread_key, subject, status, skills, "
          + "created_at, updated_at) VALUES ('" + CONVERSATION + "', 'V14V14', '01JV14CONTACT0000000000001', "
          + "'SMS', 't', NULL, 'ASSIGNED', '[]', 1, 1)");
      s.executeUpdate("INSERT INTO messages (id, conversation_id, channel, direction, external_id, body, automated, "
          + "delivery, created_at) VALUES ('01JV14MESSAGE0000000000001', '" + CONVERSATION + "', 'SMS', 'IN', "
          + "'SMold1', 'one', FALSE, 'RECEIVED', 1), ('01JV14MESSAGE0000000000002', '" + CONVERSATION + "', "
          + "'SMS', 'IN', 'SMold2', 'two', FALSE, 'RECEIVED', 2)");
      s.executeUpdate("INSERT INTO messages (id, conversation_id, channel, direction, author, client_id, body, "
          + "automated, delivery, created_at) VALUES ('" + REPLY + "', '" + CONVERSATION + "', 'SMS', 'OUT', "
          + "'alice', 'r1', 'Hello', FALSE, 'SENT', 3)");
    }
  }

  private static void upgradeAndCheck(StorageConfig config, String url) throws Exception {
    try (Stores stores = Stores.open(config, MutableClock.startingAt("2026-12-01T10:00:00Z"), new SimpleMeterRegistry())) {
      Message resent = stores.conversations().appendAgentMessage(new ConversationId(CONVERSATION), Direction.OUT,
          "alice", "Hello again", "r1").toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(resent.id().value()).isEqualTo(REPLY);
      assertThat(resent.text()).isEqualTo("Hello");
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("INSERT INTO messages (id, conversation_id, channel, direction, author, "
          + "client_id, body, automated, delivery, created_at) VALUES ('01JV15MESSAGE0000000000009', '"
          + CONVERSATION + "', 'SMS', 'OUT', 'alice', 'r1', 'Twice', FALSE, 'QUEUED', 4)"))
          .isInstanceOf(SQLException.class).hasMessageContaining("messages");
      // Inbound rows have no client id, so any number of them may share a conversation and an author (none).
      s.executeUpdate("INSERT INTO messages (id, conversation_id, channel, direction, external_id, body, automated, "
          + "delivery, created_at) VALUES ('01JV15MESSAGE0000000000010', '" + CONVERSATION + "', 'SMS', 'IN', "
          + "'SMnew1', 'three', FALSE, 'RECEIVED', 5)");
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
