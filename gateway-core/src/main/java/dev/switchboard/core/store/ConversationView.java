package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Message;
import java.util.List;
import java.util.Optional;

/**
 * A conversation as a desk shows it: its messages (oldest first), its contact, and the contact's other
 * conversations (newest first, without this one); read in one store job ({@link ConversationStore#view}).
 */
public record ConversationView(Conversation conversation, List<Message> messages, Optional<Contact> contact,
    List<Conversation> otherConversations) {

  public ConversationView {
    requireNonNull(conversation, "conversation");
    messages = List.copyOf(messages);
    requireNonNull(contact, "contact");
    otherConversations = List.copyOf(otherConversations);
  }
}
