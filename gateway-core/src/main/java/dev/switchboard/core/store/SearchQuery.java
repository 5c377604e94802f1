package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

/** A full-text search: the words, who may see what, and at most how many conversations (1 to {@value #MAX_LIMIT}). */
public record SearchQuery(SearchTerms terms, SearchScope scope, int limit) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 50;

  public SearchQuery {
    requireNonNull(terms, "terms");
    requireNonNull(scope, "scope");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
    }
  }
}
