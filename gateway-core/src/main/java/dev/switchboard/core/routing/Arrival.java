package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.store.ArrivalFacts.Handled;
import dev.switchboard.core.store.ConversationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What the rules need to know about an arriving conversation, read from the store off the router thread:
 * its contact, the text of its last inbound message, and who last handled the contact's recent
 * conversations.
 */
record Arrival(Conversation conversation, Contact contact, String lastInboundText, List<Handled> history) {

  Arrival {
    requireNonNull(conversation, "conversation");
    requireNonNull(lastInboundText, "lastInboundText");
    history = List.copyOf(history);
  }

  /** How many of the contact's conversations, this one among them, the sticky rule looks at. */
  static final int HISTORY = 20;

  /**
   * One read job on one connection ({@link ConversationStore#arrival}): the contact as stored now (a merge may
   * have moved the conversation since the caller's copy), the last inbound text, and the contact's newest
   * other conversations, with this one added back so that the history is the contact's {@value #HISTORY} newest.
   */
  static CompletionStage<Arrival> read(ConversationStore store, Conversation c) {
    return store.arrival(c, HISTORY - 1).thenApply(f -> {
      List<Handled> history = new ArrayList<>(HISTORY);
      history.add(Handled.of(c));
      history.addAll(f.otherConversations());
      return new Arrival(c, f.contact().orElse(null), f.lastInboundText(), history);
    });
  }

  /** What the classifier's rules look at, with the contact's attributes from the store and the directory. */
  Classifier.Subject subject(RoutingPolicy p, Instant now) {
    Map<String, String> attributes = new HashMap<>();
    if (contact != null) {
      attributes.putAll(contact.attributes());
      attributes.putAll(p.directory.attributes(contact.identities()));
    }
    return new Classifier.Subject(conversation.channel(), attributes, conversation.subject(), lastInboundText, now);
  }

  /** The contact's last agent, when their last handled conversation was touched within the window. */
  String sticky(RoutingPolicy p, Instant now) {
    String recent = recentAgent(history, p, now);
    return recent != null ? recent : conversation.lastAgent();
  }

  /** The last agent of the most recently touched of {@code history} within the sticky window, or null. */
  static String recentAgent(List<Handled> history, RoutingPolicy p, Instant now) {
    Instant since = now.minus(p.stickyWindow);
    return history.stream()
        .filter(h -> h.lastAgent() != null && h.updatedAt().isAfter(since))
        .max(Comparator.comparing(Handled::updatedAt))
        .map(Handled::lastAgent)
        .orElse(null);
  }
}
