package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.model.ConversationId;
import dev.switchboard.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The V5 search migrations index the rows stored before them: a database is migrated to V4, given a
 * contact, an identity, a conversation and a message by plain SQL, then opened by the store (which runs
 * V5 and on) and searched.
 */
class SearchBackfillTest {

  @TempDir
  Path dir;

  @Test
  void sqliteIndexesWhatWasStoredBeforeTheMigration() throws Exception {
    Legacy legacy = Legacy.words();
    OldSchemas.upgradeSqlite(dir, "5", url -> insertLegacyRows(url, legacy), (config, url) -> assertFound(config, legacy));
  }

  @Test
  void postgresIndexesWhatWasStoredBeforeTheMigration() throws Exception {
    Legacy legacy = Legacy.words();
    OldSchemas.upgradePostgres(dir, "5", url -> insertLegacyRows(url, legacy), (config, url) -> assertFound(config, legacy));
  }

  /** The words each field was given. */
  private record Legacy(ConversationId conversation, String body, String subject, String name, String address) {

    static Legacy words() {
      return new Legacy(new ConversationId("01JLEGACYCONVERSATION00001"), SearchContract.word(), SearchContract.word(),
          SearchContract.word(), SearchContract.word() + "@example.com");
    }
  }

  private static void insertLegacyRows(String url, Legacy legacy) throws SQLException {
    String conversation = legacy.conversation().value();
    try (Connection c = DriverManager.getConnection(url)) {
      exec(c, "INSERT INTO contacts (id, name, created_at, updated_at) VALUES ('01JLEGACYCONTACT0000000001', ?, 1, 1)",
          legacy.name());
      exec(c, "INSERT INTO identities (kind, address, contact_id, created_at) "
          + "VALUES ('EMAIL', ?, '01JLEGACYCONTACT0000000001', 1)", legacy.address());
      exec(c, "INSERT INTO conversations (id, ref, contact_id, channel, thread_key, subject, status, skills, "
          + "created_at, updated_at) VALUES ('" + conversation + "', 'LEGACY', '01JLEGACYCONTACT0000000001', "
          + "'EMAIL', 't', ?, 'RESOLVED', '[]', 1, 1)", "Old " + legacy.subject());
      exec(c, "INSERT INTO messages (id, conversation_id, channel, direction, body, automated, delivery, created_at) "
          + "VALUES ('01JLEGACYMESSAGE0000000001', '" + conversation + "', 'EMAIL', 'IN', ?, FALSE, 'RECEIVED', 1)",
          "An old message about " + legacy.body());
    }
  }

  private static void exec(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      ps.executeUpdate();
    }
  }

  private static void assertFound(StorageConfig config, Legacy legacy) throws Exception {
    try (Stores stores = Stores.open(config, MutableClock.startingAt("2026-01-05T10:00:00Z"), new SimpleMeterRegistry())) {
      for (String word : List.of(legacy.body(), legacy.subject(), legacy.name(), legacy.address())) {
        List<SearchHit> hits = stores.conversations().search(new SearchQuery(SearchTerms.parse(word),
            SearchScope.everything(), 20)).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(hits).as(word).extracting(h -> h.conversation().id()).containsExactly(legacy.conversation());
      }
    }
  }
}
