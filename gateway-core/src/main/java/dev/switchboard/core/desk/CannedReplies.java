package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.AgentConfig;
import dev.switchboard.config.CannedReplyConfig;
import dev.switchboard.core.model.Contact;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canned replies of the config in force: which ones an agent's desk lists, and a reply's text with
 * its placeholders filled in for one conversation. Expansion is done here, on the server, because the
 * server has the contact, the agent and the conversation as stored (the console may hold a stale copy),
 * and so the same text reaches every channel whichever client asked.
 */
final class CannedReplies {

  /** What {@code {contact.name}} becomes for a contact without a name: "Hi {contact.name}," reads "Hi there,". */
  static final String NO_CONTACT_NAME = "there";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

  private final List<CannedReplyConfig> replies;

  CannedReplies(List<CannedReplyConfig> replies) {
    this.replies = List.copyOf(replies);
  }

  List<CannedReplyConfig> all() {
    return replies;
  }

  Optional<CannedReplyConfig> find(String id) {
    return replies.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /**
   * The replies {@code agent} can ever use: those of a tier the agent serves (an agent with no tiers
   * serves all) on a channel the agent has capacity for.
   */
  List<CannedReplyConfig> forAgent(AgentConfig agent) {
    return replies.stream()
        .filter(r -> r.tiers().isEmpty() || agent.tiers().isEmpty() || r.tiers().stream().anyMatch(agent.tiers()::contains))
        .filter(r -> r.channels().isEmpty() || r.channels().stream().anyMatch(c -> agent.capacity().getOrDefault(c, 0) > 0))
        .toList();
  }

  /** The list as the desk frames carry it: the raw text, and tiers and channels for the console's filter. */
  static ArrayNode toJson(ArrayNode into, List<CannedReplyConfig> replies) {
    for (CannedReplyConfig r : replies) {
      ObjectNode n = into.addObject().put("id", r.id()).put("title", r.title()).put("text", r.text());
      r.tiers().forEach(n.putArray("tiers")::add);
      r.channels().forEach(n.putArray("channels")::add);
    }
    return into;
  }

  /**
   * {@code text} with {@code {contact.name}}, {@code {agent.name}} and {@code {conversation.ref}} filled
   * in; a missing contact name becomes {@link #NO_CONTACT_NAME}, never "null". Any other {@code {...}}
   * stays as written (the config loader refuses unknown placeholders, so that is literal text).
   */
  static String expand(String text, Contact contact, String agentName, String conversationRef) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    while (m.find()) {
      String value = switch (m.group(1)) {
        case "contact.name" -> contact == null || contact.name() == null || contact.name().isBlank()
            ? NO_CONTACT_NAME : contact.name().strip();
        case "agent.name" -> agentName;
        case "conversation.ref" -> conversationRef;
        default -> m.group();
      };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
