package dev.switchboard.core.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.testing.TestStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A throw-away PostgreSQL schema with the store's and the cluster's tables, for one test class. */
final class ClusterSchemaFixture implements AutoCloseable {

  final String url;
  final String schema;
  final HikariDataSource source;

  private ClusterSchemaFixture(String url, String schema, HikariDataSource source) {
    this.url = url;
    this.schema = schema;
    this.source = source;
  }

  /** Skips the test unless {@code SWITCHBOARD_TEST_POSTGRES_URL} names a server. */
  static ClusterSchemaFixture create() throws SQLException {
    String url = TestStores.postgresUrl();
    assumeTrue(url != null, "cluster tests skipped: set " + TestStores.POSTGRES_URL_ENV
        + "=jdbc:postgresql://127.0.0.1:5432/test?user=postgres to run them");
    String schema = TestStores.createSchema(url);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(TestStores.schemaUrl(url, schema));
    hikari.setMaximumPoolSize(4);
    return new ClusterSchemaFixture(url, schema, new HikariDataSource(hikari));
  }


  StorageConfig storage(Path dir) {
    return TestStores.postgresConfig(url, schema, dir);
  }

  void migrate() {
    ClusterSchema.migrate(source);
  }

  /** Moves the lease's expiry into the past, as the database's clock would after a dead leader's timeout. */
  void expireLease() throws SQLException {
    sql("UPDATE cluster_lease SET expires_at = now() - INTERVAL '1 millisecond' WHERE id = 1");
  }

  void sql(String statement) throws SQLException {
    try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Override
  public void close() throws SQLException {
    source.close();
    TestStores.dropSchema(url, schema);
  }
}
