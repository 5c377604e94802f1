package dev.switchboard.core.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.HttpRequest;
import dev.switchboard.core.http.HttpResponse;
import dev.switchboard.core.http.HttpRoutes;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.search.SearchJson;
import dev.switchboard.core.search.Searches;
import dev.switchboard.core.store.SearchQuery;
import dev.switchboard.core.store.SearchScope;
import dev.switchboard.core.store.SearchTerms;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/search?q=&limit=} (admin token): full-text search over every conversation's messages,
 * subject, contact name and identities, best first. A query over {@value SearchTerms#MAX_LENGTH}
 * characters, or none, is a 400; too many searches at once a 503.
 */
public final class SearchApi {

  private final Searches searches;
  private final AdminAuth auth;

  public SearchApi(Searches searches, AdminAuth auth) {
    this.searches = requireNonNull(searches, "searches");
    this.auth = requireNonNull(auth, "auth");
  }

  public void mount(HttpRoutes routes) {
    routes.get("/api/search", this::search);
  }

  private CompletionStage<HttpResponse> search(HttpRequest request) {
    auth.require(request);
    String q = request.queryParam("q").orElse("");
    if (q.isBlank()) {
      searches.countBadQuery(Searches.Via.API);
      throw HttpException.badRequest("invalid_parameter", "q: give the words to search for.");
    }
    SearchTerms terms;
    try {
      terms = SearchTerms.parse(q);
    } catch (IllegalArgumentException e) {
      searches.countBadQuery(Searches.Via.API);
      throw HttpException.badRequest("query_too_long", "q: " + q.length() + " characters; a query has at most "
          + SearchTerms.MAX_LENGTH + ".");
    }
    int limit = request.intQueryParam("limit", 1, SearchQuery.MAX_LIMIT).orElse(SearchQuery.DEFAULT_LIMIT);
    return searches.search(Searches.Via.API, new SearchQuery(terms, SearchScope.everything(), limit))
        .handleAsync((hits, err) -> {
          if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof Searches.Busy busy) {
              throw new HttpException(503, "search_busy", busy.getMessage());
            }
            throw err instanceof CompletionException ce ? ce : new CompletionException(err);
          }
          ObjectNode body = Json.mapper().createObjectNode().put("query", terms.text()).put("limit", limit);
          SearchJson.write(body.putArray("results"), hits);
          return HttpResponse.json(200, body);
        }, request.workers());
  }
}
