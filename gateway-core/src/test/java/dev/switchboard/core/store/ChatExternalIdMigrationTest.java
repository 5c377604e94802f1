package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.ingest.IngestResult;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V20 turns a visitor's chat message key around, from {@code <visitorId>:<clientId>} to
 * {@code <clientId>:<visitorId>}: a store migrated to V19 and given rows by plain SQL is opened by the store
 * (which runs V20), and the widget's resend of a message stored before the upgrade, keyed the new way, is the
 * first message again, not a second one. Keys of other shapes (an SMS, an agent's chat reply) are left alone.
 */
class ChatExternalIdMigrationTest {

  private static final String VISITOR = "ab".repeat(32);
  private static final String CONTACT = "01JV19CONTACT0000000000001";
  private static final String CONVERSATION = "01JV19CONVERSATION00000001";
  private static final String SMS_CONVERSATION = "01JV19CONVERSATION00000002";
  private static final String FIRST = "01JV19MESSAGE0000000000001";

  @TempDir
  Path dir;

  @Test
  void sqliteFindsAResendOfAMessageStoredBeforeTheUpgrade() throws Exception {
    OldSchemas.upgradeSqlite(dir, "20", ChatExternalIdMigrationTest::insertV19Rows,
        ChatExternalIdMigrationTest::upgradeAndCheck);
  }

  @Test
  void postgresFindsAResendOfAMessageStoredBeforeTheUpgrade() throws Exception {
    OldSchemas.upgradePostgres(dir, "20", ChatExternalIdMigrationTest::insertV19Rows,
        ChatExternalIdMigrationTest::upgradeAndCheck);
  }

  /**
   * The visitor's chat with two messages keyed the old way (client ids {@code c1} and one holding a colon) and
   * an agent's reply; an SMS conversation of the same contact whose MessageSid happens to hold a colon at 65.
   */
  private static void insertV19Rows(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO contacts (id, name, created_at, updated_at) VALUES ('" + CONTACT
          + "', 'Old visitor', 1, 1)");
      s.executeUpdate("INSERT INTO identities (kind, address, contact_id, created_at) VALUES ('CHAT_VISITOR', '"
          + VISITOR + "', '" + CONTACT + "', 1)");
      s.executeUpdate("INSERT INTO conversations (id, ref, contact_id, channel, thread_key, subject, status, skills, "
          + "created_at, updated_at) VALUES ('" + CONVERSATION + "', 'V19V19', '" + CONTACT + "', 'CHAT', '" + VISITOR
          + "', NULL, 'QUEUED', '[]', 1, 1), ('" + SMS_CONVERSATION + "', 'V19V1A', '" + CONTACT
          + "', 'SMS', '+15550100', NULL, 'QUEUED', '[]', 1, 1)");
      s.executeUpdate("INSERT INTO messages (id, conversation_id, channel, direction, external_id, body, automated, "
          + "delivery, created_at) VALUES ('" + FIRST + "', '" + CONVERSATION + "', 'CHAT', 'IN', '" + VISITOR
          + ":c1', 'one', FALSE, 'RECEIVED', 1), ('01JV19MESSAGE0000000000002', '" + CONVERSATION + "', 'CHAT', "
          + "'IN', '" + VISITOR + ":tab:2', 'two', FALSE, 'RECEIVED', 2), ('01JV19MESSAGE0000000000003', '"
          + SMS_CONVERSATION + "', 'SMS', 'IN', '" + "S".repeat(64) + ":x', 'sms', FALSE, 'RECEIVED', 3)");
      s.executeUpdate("INSERT INTO messages (id, conversation_id, channel, direction, author, client_id, "
          + "external_id, body, automated, delivery, created_at) VALUES ('01JV19MESSAGE0000000000004', '"
          + CONVERSATION + "', 'CHAT', 'OUT', 'alice', 'r1', '" + "R".repeat(64) + ":r', 'Hello', FALSE, 'SENT', 4)");
    }
  }

  private static void upgradeAndCheck(StorageConfig config, String url) throws Exception {
    try (Stores stores = Stores.open(config, MutableClock.startingAt("2026-12-03T10:00:00Z"), new SimpleMeterRegistry())) {
      IngestResult resent = stores.conversations().ingest(resend("c1")).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(resent).isEqualTo(new IngestResult.Duplicate(new ConversationId(CONVERSATION), new MessageId(FIRST)));
      IngestResult colon = stores.conversations().ingest(resend("tab:2")).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(colon).isEqualTo(new IngestResult.Duplicate(new ConversationId(CONVERSATION),
          new MessageId("01JV19MESSAGE0000000000002")));
      IngestResult next = stores.conversations().ingest(resend("c3")).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(next).isInstanceOf(IngestResult.Stored.class);
      assertThat(next.conversationId()).isEqualTo(new ConversationId(CONVERSATION));
    }
    assertThat(externalIds(url)).containsExactly("c1:" + VISITOR, "tab:2:" + VISITOR, "S".repeat(64) + ":x",
        "R".repeat(64) + ":r", "c3:" + VISITOR);
  }

  /** The widget's message under {@code clientId}, keyed as the chat channel keys it now. */
  private static InboundMessage resend(String clientId) {
    return InboundMessage.builder(Channel.CHAT, Identity.chatVisitor(VISITOR), clientId + ":" + VISITOR, VISITOR)
        .text("again")
        .receivedAt(Instant.parse("2026-12-03T10:00:00Z"))
        .build();
  }

  private static List<String> externalIds(String url) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT external_id FROM messages ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
