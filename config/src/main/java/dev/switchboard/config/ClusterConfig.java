package dev.switchboard.config;

import java.net.URI;
import java.time.Duration;

/**
 * Cluster mode: several gateway nodes on one PostgreSQL database, one of them (the leader, holding a lease
 * in the database) running the router, the IMAP reader, the outbox and the SLA timers. Off by default: a
 * single node needs no lease and is always the leader.
 */
public record ClusterConfig(Boolean enabled, String nodeId, URI advertiseUrl, @Positive Duration leaseTimeout) {

  public ClusterConfig {
    enabled = enabled != null && enabled;
    leaseTimeout = leaseTimeout == null ? Duration.ofSeconds(5) : leaseTimeout;
  }

  /** Cluster mode off. */
  public static ClusterConfig disabled() {
    return new ClusterConfig(false, null, null, null);
  }
}
