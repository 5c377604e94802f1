package dev.switchboard.core.channel;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import java.util.List;

/**
 * A message for the customer, as the outbox hands it to the conversation's channel: the stored message,
 * its conversation, the contact, the identity to send to, the earlier messages of the thread (for
 * threading headers), and which attempt this is (1 for the first).
 */
public record OutboundMessage(
    Message message,
    Conversation conversation,
    Contact contact,
    Identity to,
    List<Message> thread,
    int attempt) {

  public OutboundMessage {
    requireNonNull(message, "message");
    requireNonNull(conversation, "conversation");
    requireNonNull(contact, "contact");
    requireNonNull(to, "to");
    thread = thread == null ? List.of() : List.copyOf(thread);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 1)");
    }
  }
}
