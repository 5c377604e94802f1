package dev.switchboard.core.cluster;

/**
 * Work that runs on one node of a cluster at a time (the router, the IMAP reader, the outbox): started when
 * the node gains the lease, stopped (the returned handle closed) when it loses it. On a single node it is
 * started once, as the gateway starts, and stopped as it stops.
 */
@FunctionalInterface
public interface Singleton {

  /** Starts the work for {@code term} and returns what stops it; runs it until then, without blocking. */
  AutoCloseable start(LeaderTerm term) throws Exception;
}
