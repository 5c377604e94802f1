package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When SQLite's search index catches up with the queue ({@link SearchIndexer}): a look at the queue
 * every {@code period}, and at most {@code maxRows} queued rows (messages, subjects, contact names,
 * identities) indexed per transaction.
 */
record SearchIndexPolicy(Duration period, int maxRows) {

  /**
   * Every 200 ms, up to 5,000 rows: FTS5's cost per row falls with the batch (~15 µs at 100 rows, ~10 µs
   * at 2,000), and 5,000 rows hold the writer for about 50 ms, so a surge's acknowledgements wait at
   * most that long behind the index (plus the pass's own commit, which they no longer share: a pass is a
   * transaction of its own) while it keeps up with 25,000 rows a second: as many follow-ups, or about
   * 8,000 first messages from new senders (a message, a contact name, an identity each), 6,250 if they are
   * e-mails (a subject too).
   */
  static final SearchIndexPolicy DEFAULT = new SearchIndexPolicy(Duration.ofMillis(200), 5_000);

  SearchIndexPolicy {
    requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows: " + maxRows + " (expected: > 0)");
    }
  }
}
