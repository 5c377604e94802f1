package dev.switchboard.core.desk;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.search.SearchJson;
import dev.switchboard.core.search.Searches;
import dev.switchboard.core.store.SearchHit;
import dev.switchboard.core.store.SearchQuery;
import dev.switchboard.core.store.SearchScope;
import dev.switchboard.core.store.SearchTerms;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's {@code search} frame, answered with {@code search_results} to the asking desk. What an agent
 * finds is what they may read ({@link #scope}): a supervisor everything; an agent the conversations of
 * the tiers they serve (every tier when their {@code tiers} is empty) and those they hold or held last.
 * {@code history} follows the same rule, so every result opens.
 */
final class DeskSearch {

  private static final Logger log = LoggerFactory.getLogger(DeskSearch.class);

  private final AgentDesk desk;
  private final Searches searches;

  DeskSearch(AgentDesk desk, Searches searches) {
    this.desk = requireNonNull(desk, "desk");
    this.searches = requireNonNull(searches, "searches");
  }

  /** What {@code agent} may find and read, by the config in force now. */
  SearchScope scope(String agent) {
    return desk.agent(agent)
        .map(a -> SearchScope.agent(a.id(), a.tiers(), Boolean.TRUE.equals(a.supervisor())))
        .orElseGet(() -> SearchScope.heldBy(agent));
  }

  void search(String agent, DeskFrame.Search frame, DeskOut out) {
    if (frame.query().isBlank()) {
      searches.countBadQuery(Searches.Via.DESK);
      out.error("bad_request", "`q` is empty: give the words to search for");
      return;
    }
    SearchTerms terms;
    try {
      terms = SearchTerms.parse(frame.query());
    } catch (IllegalArgumentException e) {
      searches.countBadQuery(Searches.Via.DESK);
      out.error("too_long", "`q` is longer than " + SearchTerms.MAX_LENGTH + " characters");
      return;
    }
    long limit = frame.limit() == null ? SearchQuery.DEFAULT_LIMIT : frame.limit();
    if (limit < 1 || limit > SearchQuery.MAX_LIMIT) {
      searches.countBadQuery(Searches.Via.DESK);
      out.error("bad_request", "`limit` is from 1 to " + SearchQuery.MAX_LIMIT);
      return;
    }
    searches.search(Searches.Via.DESK, new SearchQuery(terms, scope(agent), (int) limit)).whenComplete((hits, err) -> {
      if (err == null) {
        out.frame(results(terms.text(), (int) limit, hits));
        return;
      }
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      if (cause instanceof Searches.Busy) {
        out.error("busy", cause.getMessage());
      } else {
        log.error("Search by {} failed", agent, cause);
        out.error("internal", "the search failed; try again");
      }
    });
  }

  static ObjectNode results(String q, int limit, List<SearchHit> hits) {
    ObjectNode n = Frames.frame("search_results").put("q", q).put("limit", limit);
    SearchJson.write(n.putArray("results"), hits);
    return n;
  }
}
