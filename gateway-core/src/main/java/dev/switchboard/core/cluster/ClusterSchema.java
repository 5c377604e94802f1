package dev.switchboard.core.cluster;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The cluster's tables ({@code db/cluster}), PostgreSQL only, versioned in their own history table so that
 * their versions never collide with the store's ({@code db/migration}). Runs after the store's migrations:
 * the baseline at version 0 lets it start on a schema the store already filled.
 */
final class ClusterSchema {

  private ClusterSchema() {}

  static void migrate(DataSource source) {
    Flyway.configure()
        .dataSource(source)
        .locations("classpath:db/cluster")
        .table("cluster_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
