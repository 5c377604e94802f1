package dev.switchboard.core.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.SearchHit;
import dev.switchboard.core.store.Snippet;
import java.util.List;

/**
 * Search results as JSON, the same in {@code GET /api/search} and the desk's {@code search_results}: per
 * conversation its id, channel and status, the conversation itself, where the match is, the snippet and
 * the matched ranges in it, and the contact's name.
 */
public final class SearchJson {

  private SearchJson() {}

  /** Fills {@code results} with one object per hit, in order. */
  public static ArrayNode write(ArrayNode results, List<SearchHit> hits) {
    for (SearchHit h : hits) {
      ObjectNode r = results.addObject();
      r.put("conversationId", h.conversation().id().value());
      r.put("ref", h.conversation().ref());
      r.put("channel", h.conversation().channel().key());
      r.put("status", h.conversation().status().key());
      r.put("matchedIn", h.matchedIn().key());
      r.put("messageId", h.messageId().map(MessageId::value).orElse(null));
      r.put("snippet", h.snippet().text());
      ArrayNode ranges = r.putArray("highlights");
      for (Snippet.Range range : h.snippet().highlights()) {
        ranges.addArray().add(range.start()).add(range.end());
      }
      r.put("contactName", h.contactName());
      r.putPOJO("conversation", h.conversation());
    }
    return results;
  }
}
