package dev.switchboard.core.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether the full-text index holds every committed message, subject, contact name and identity before a
 * search reads it: on PostgreSQL it always does (generated columns, in the writing transaction); on SQLite
 * they are indexed after their commit ({@link SearchIndexer}), and a search waits for the index to catch up.
 */
interface SearchIndex extends AutoCloseable {

  /** Completes once every row committed before this call is in the index; never blocks. */
  CompletableFuture<Void> upToDate();

  /**
   * Catches up on its own (rather than only for a search) only once {@code first} has completed: the
   * gateway's start, so that an index backlog left by the last run does not take the cores from the
   * router's rebuild. A search meanwhile still waits for the rows before it. Called right after opening.
   */
  default void catchUpAfter(CompletionStage<?> first) {}

  @Override
  default void close() {}

  static SearchIndex of(StoreThreads threads, SearchIndexPolicy policy, MeterRegistry meters) {
    return switch (threads.vendor()) {
      case SQLITE -> new SearchIndexer(threads, policy, meters);
      case POSTGRESQL -> () -> CompletableFuture.completedFuture(null);
    };
  }
}
