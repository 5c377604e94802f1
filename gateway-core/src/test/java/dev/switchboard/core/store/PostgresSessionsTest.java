package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.PostgresConfig;
import dev.switchboard.core.testing.PostgresSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every connection the gateway opens to PostgreSQL, the store's and the cluster's, tells the server to end
 * a session left idle in a transaction, so a partition cannot strand a node's locks for hours.
 */
class PostgresSessionsTest {

  @TempDir
  static Path dir;

  @RegisterExtension
  static final PostgresSchema postgres = new PostgresSchema();

  @Test
  void theStoresConnectionsEndATransactionLeftIdle() throws Exception {
    PostgresConfig config = postgres.storage(dir).postgres();
    try (Database db = Database.postgres(config); Connection c = db.writeConnection()) {
      assertThat(setting(c, "idle_in_transaction_session_timeout")).isEqualTo("15s");
      assertThat(setting(c, "search_path")).contains(postgres.schema()); // still the configured server and schema
    }
  }

  @Test
  void anyPoolConfiguredThroughItDoesTheSame() throws Exception {
    HikariConfig hikari = new HikariConfig();
    hikari.setMaximumPoolSize(1);
    PostgresSessions.configure(hikari, postgres.storage(dir).postgres());
    try (HikariDataSource pool = new HikariDataSource(hikari); Connection c = pool.getConnection()) {
      assertThat(setting(c, "idle_in_transaction_session_timeout")).isEqualTo("15s");
    }
  }

  private static String setting(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
