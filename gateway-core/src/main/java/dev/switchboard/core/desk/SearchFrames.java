package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.http.JsonFields;
import dev.switchboard.core.model.ConversationId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the desk's {@code search} and {@code tag} frames; like {@link DeskFrameParser}, it never throws. */
final class SearchFrames {

  private SearchFrames() {}

  static DeskFrame search(JsonFields frame) {
    String q = frame.text("q");
    if (q == null) {
      return new DeskFrame.Invalid("bad_request", "`q` (a string) is required");
    }
    if (frame.has("limit") && frame.wholeNumber("limit") == null) {
      return new DeskFrame.Invalid("bad_request", "`limit` is a whole number");
    }
    return new DeskFrame.Search(q, frame.wholeNumber("limit"));
  }

  /**
   * {@code add} and {@code remove} are each a string or an array of strings; {@link JsonFields} keeps no
   * arrays, so this rare frame is read again as a tree.
   */
  static DeskFrame tag(JsonFields frame, String text) {
    String id = frame.scalarText("conversationId");
    if (id == null || id.isBlank()) {
      return new DeskFrame.Invalid("bad_request", "`conversationId` is required");
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(text);
    } catch (IOException e) {
      return new DeskFrame.Unreadable("bad_json", "the frame is not JSON");
    }
    List<String> add = strings(tree.get("add"));
    List<String> remove = strings(tree.get("remove"));
    if (add == null || remove == null) {
      return new DeskFrame.Invalid("bad_request", "`add` and `remove` are a tag or an array of tags");
    }
    if (add.isEmpty() && remove.isEmpty()) {
      return new DeskFrame.Invalid("bad_request", "give tags to `add` or `remove`");
    }
    return new DeskFrame.Tag(new ConversationId(id), add, remove);
  }

  /** The strings of {@code node} (absent or null: none); null when it holds anything else. */
  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isTextual()) {
      out.add(node.textValue());
      return out;
    }
    if (!node.isArray()) {
      return null;
    }
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        return null;
      }
      out.add(n.textValue());
    }
    return out;
  }
}
