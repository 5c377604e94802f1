package dev.switchboard.core.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.PostgresConfig;
import dev.switchboard.core.store.PostgresSessions;
import java.time.Duration;

/** The cluster's connections to PostgreSQL: the one-off pool that migrates its tables and the lease pool. */
final class ClusterPools {
  private static final Duration MIGRATION_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

  private ClusterPools() {}

  /**
   * Creates or upgrades the cluster tables over a pool of its own, closed afterwards. The lease pool's
   * connection timeout is a fraction of the lease (hundreds of milliseconds in tests), right for a renewal
   * but not for a start on a crowded machine, where Flyway's second connection can take longer to open and
   * the node would fail to start with "Connection is not available".
   */
  static void migrate(PostgresConfig postgres) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("switchboard-cluster-migration");
    PostgresSessions.configure(hikari, postgres);
    hikari.setMaximumPoolSize(2);
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(MIGRATION_CONNECTION_TIMEOUT.toMillis());
    try (HikariDataSource pool = new HikariDataSource(hikari)) {
      ClusterSchema.migrate(pool);
    }
  }

  /** Its own small pool: a lease renewal must never queue behind the store's writes. */
  static HikariDataSource leasePool(PostgresConfig postgres, Duration leaseTimeout) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("switchboard-cluster");
    PostgresSessions.configure(hikari, postgres);
    hikari.setMaximumPoolSize(5); // lease rounds, GET /api/cluster, events out, events in (held), spare
    hikari.setMinimumIdle(1);
    hikari.setAutoCommit(true);
    long interval = Math.max(250, LeaseKeeper.renewInterval(leaseTimeout).toMillis());
    hikari.setConnectionTimeout(interval);
    hikari.setValidationTimeout(Math.max(250, interval / 2));
    // A dead network blocks a read for ever unless the socket times out (pgjdbc: whole seconds).
    hikari.addDataSourceProperty("socketTimeout", Math.max(1, leaseTimeout.toSeconds()));
    return new HikariDataSource(hikari);
  }
}
