package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.ConversationId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the router's rules read about an arriving conversation, in one store job
 * ({@link ConversationStore#arrival}): its contact as stored now, the text of its last inbound message, and
 * who last handled the contact's newest other conversations (newest first, without this one). Only what the
 * rules look at: it is read for every conversation that arrives.
 */
public record ArrivalFacts(Optional<Contact> contact, String lastInboundText, List<Handled> otherConversations) {

  public ArrivalFacts {
    requireNonNull(contact, "contact");
    requireNonNull(lastInboundText, "lastInboundText");
    otherConversations = List.copyOf(otherConversations);
  }

  /** A conversation's last agent ({@code null} when it never had one) and when it last changed. */
  public record Handled(ConversationId id, String lastAgent, Instant updatedAt) {

    public Handled {
      requireNonNull(id, "id");
      requireNonNull(updatedAt, "updatedAt");
    }

    public static Handled of(Conversation c) {
      return new Handled(c.id(), c.lastAgent(), c.updatedAt());
    }
  }
}
