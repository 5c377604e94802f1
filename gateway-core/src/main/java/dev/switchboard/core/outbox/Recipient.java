package dev.switchboard.core.outbox;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Conversation;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import java.util.Optional;

/** Which of a contact's addresses a conversation's messages go to. */
final class Recipient {

  private Recipient() {}

  /**
   * The address the thread is with: the one the conversation recorded (the sender who opened it, the
   * address a proactive message went to) while it is still the contact's; else the customer's number of
   * an SMS thread key ({@code ours|theirs}), the chat visitor of a chat thread; else the contact's first
   * address of the channel's kind. A merge gives a contact several addresses of a kind, so the first one
   * is only the last resort (conversations opened before addresses were recorded).
   */
  static Identity of(Conversation c, Contact contact, Optional<Identity> recorded) {
    IdentityKind kind = IdentityKind.of(c.channel());
    String key = c.threadKey();
    String fromKey = switch (c.channel()) {
      case SMS -> key.indexOf('|') >= 0 ? key.substring(key.indexOf('|') + 1) : key;
      case CHAT -> key;
      case EMAIL -> null;
    };
    String preferred = recorded.filter(a -> a.kind() == kind).map(Identity::value).orElse(fromKey);
    Identity first = null;
    Identity byKey = null;
    for (Identity id : contact.identities()) {
      if (id.kind() == kind) {
        if (id.value().equals(preferred)) {
          return id;
        }
        if (byKey == null && id.value().equals(fromKey)) {
          byKey = id;
        }
        if (first == null) {
          first = id;
        }
      }
    }
    return byKey != null ? byKey : first;
  }
}
