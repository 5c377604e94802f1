package dev.switchboard.core.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * Whether the full-text index holds every committed message before a search reads it: on PostgreSQL it
 * always does (generated columns, in the writing transaction); on SQLite messages are indexed after
 * their commit ({@link MessageIndexer}), and a search waits for the index to catch up.
 */
interface SearchIndex extends AutoCloseable {

  /** Completes once every message committed before this call is in the index; never blocks. */
  CompletableFuture<Void> upToDate();

  @Override
  default void close() {}

  static SearchIndex of(StoreThreads threads, SearchIndexPolicy policy, MeterRegistry meters) {
    return switch (threads.vendor()) {
      case SQLITE -> new MessageIndexer(threads, policy, meters);
      case POSTGRESQL -> () -> CompletableFuture.completedFuture(null);
    };
  }
}
