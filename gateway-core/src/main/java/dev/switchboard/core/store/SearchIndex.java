package dev.switchboard.core.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * Whether the full-text index holds every committed message, subject, contact name and identity before a
 * search reads it: on PostgreSQL it always does (generated columns, in the writing transaction); on SQLite
 * they are indexed after their commit ({@link SearchIndexer}), and a search waits for the index to catch up.
 */
interface SearchIndex extends AutoCloseable {

  /** Completes once every row committed before this call is in the index; never blocks. */
  CompletableFuture<Void> upToDate();

  @Override
  default void close() {}

  static SearchIndex of(StoreThreads threads, SearchIndexPolicy policy, MeterRegistry meters) {
    return switch (threads.vendor()) {
      case SQLITE -> new SearchIndexer(threads, policy, meters);
      case POSTGRESQL -> () -> CompletableFuture.completedFuture(null);
    };
  }
}
