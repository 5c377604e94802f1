package dev.switchboard.core.outbox;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;

/** Which of a contact's addresses a conversation's messages go to. */
final class Recipient {

  private Recipient() {}

  /**
   * The address the thread is with: the customer's number of an SMS thread key ({@code ours|theirs}),
   * the chat visitor of a chat thread, else the contact's first address of the channel's kind.
   */
  static Identity of(Conversation c, Contact contact) {
    IdentityKind kind = switch (c.channel()) {
      case EMAIL -> IdentityKind.EMAIL;
      case SMS -> IdentityKind.PHONE;
      case CHAT -> IdentityKind.CHAT_VISITOR;
    };
    String key = c.threadKey();
    String preferred = switch (c.channel()) {
      case SMS -> key.indexOf('|') >= 0 ? key.substring(key.indexOf('|') + 1) : key;
      case CHAT -> key;
      case EMAIL -> null;
    };
    Identity first = null;
    for (Identity id : contact.identities()) {
      if (id.kind() == kind) {
        if (id.value().equals(preferred)) {
          return id;
        }
        if (first == null) {
          first = id;
        }
      }
    }
    return first;
  }
}
