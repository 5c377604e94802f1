package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Conversation;
import java.util.List;

/**
 * A contact as the admin API shows it: identities and attributes, its conversations on every channel
 * (newest first), the merges into it (newest first), and, for a contact merged into another, where to.
 */
public record ContactDetail(Contact contact, ContactId mergedInto, List<Conversation> conversations,
    List<ContactMerge> merges) {

  public ContactDetail {
    requireNonNull(contact, "contact");
    conversations = List.copyOf(conversations);
    merges = List.copyOf(merges);
  }
}
