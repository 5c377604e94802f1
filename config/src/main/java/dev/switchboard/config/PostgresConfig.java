package dev.switchboard.config;

/** A PostgreSQL server shared by a cluster of gateway nodes. */
public record PostgresConfig(@Required String url, String user, Secret password, @Positive Integer poolSize) {

  public PostgresConfig {
    poolSize = poolSize == null ? 8 : poolSize;
  }
}
