package dev.switchboard.config;

import java.time.Duration;

/**
 * A PostgreSQL server shared by a cluster of gateway nodes. {@code connectionTimeout} bounds how long a write
 * or a health check waits for a connection from the pool before it fails (and the source is answered "not
 * stored"), so that a node whose database is gone says so within seconds rather than after HikariCP's 30 s.
 */
public record PostgresConfig(@Required String url, String user, Secret password, @Positive Integer poolSize,
    @Positive Duration connectionTimeout) {

  /** Five seconds: long enough for a busy server's new connection, short enough for a health check. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  public PostgresConfig {
    poolSize = poolSize == null ? 8 : poolSize;
    connectionTimeout = connectionTimeout == null ? DEFAULT_CONNECTION_TIMEOUT : connectionTimeout;
  }

  /** A server at {@code url} with the default pool size and connection timeout. */
  public static PostgresConfig at(String url, Integer poolSize) {
    return new PostgresConfig(url, null, null, poolSize, null);
  }
}
