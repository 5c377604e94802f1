package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.ConversationStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the rules need to know about an arriving conversation, read from the store off the router thread:
 * its contact, its messages and the contact's recent conversations.
 */
record Arrival(Conversation conversation, Contact contact, List<Message> messages, List<Conversation> history) {

  Arrival {
    requireNonNull(conversation, "conversation");
    messages = List.copyOf(messages);
    history = List.copyOf(history);
  }

  static CompletionStage<Arrival> read(ConversationStore store, Conversation c) {
    CompletableFuture<Contact> contact = store.contacts().find(c.contactId()).toCompletableFuture()
        .thenApply(o -> o.orElse(null));
    CompletableFuture<List<Message>> messages = store.messages(c.id()).toCompletableFuture();
    CompletableFuture<List<Conversation>> history = store.conversations(
        ConversationQuery.all().contact(c.contactId()).limit(20)).toCompletableFuture();
    return CompletableFuture.allOf(contact, messages, history)
        .thenApply(v -> new Arrival(c, contact.join(), messages.join(), history.join()));
  }

  /** What the classifier's rules look at, with the contact's attributes from the store and the directory. */
  Classifier.Subject subject(RoutingPolicy p, Instant now) {
    Map<String, String> attributes = new HashMap<>();
    if (contact != null) {
      attributes.putAll(contact.attributes());
      attributes.putAll(p.directory.attributes(contact.identities()));
    }
    return new Classifier.Subject(conversation.channel(), attributes, conversation.subject(), lastInboundText(), now);
  }

  /** The contact's last agent, when their last handled conversation was touched within the window. */
  String sticky(RoutingPolicy p, Instant now) {
    String recent = recentAgent(history, p, now);
    return recent != null ? recent : conversation.lastAgent();
  }

  /** The last agent of the most recently touched of {@code history} within the sticky window, or null. */
  static String recentAgent(List<Conversation> history, RoutingPolicy p, Instant now) {
    Instant since = now.minus(p.stickyWindow);
    return history.stream()
        .filter(h -> h.lastAgent() != null && h.updatedAt().isAfter(since))
        .max(Comparator.comparing(Conversation::updatedAt))
        .map(Conversation::lastAgent)
        .orElse(null);
  }

  private String lastInboundText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).direction() == Direction.IN) {
        return messages.get(i).text();
      }
    }
    return "";
  }
}
