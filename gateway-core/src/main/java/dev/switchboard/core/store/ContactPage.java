package dev.switchboard.core.store;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import java.util.List;

/** One page of a contact search, oldest first; {@code next} is the cursor of the page after, or null at the end. */
public record ContactPage(List<Contact> contacts, ContactId next) {

  public ContactPage {
    contacts = List.copyOf(contacts);
  }
}
