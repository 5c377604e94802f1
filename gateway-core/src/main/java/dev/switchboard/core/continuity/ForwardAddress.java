package dev.switchboard.core.continuity;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import java.util.Optional;

/**
 * Where a chat visitor who left is reached: an address of their contact, never a claim. A contact's
 * identities are the addresses the customer wrote from, those proved (an e-mail proof), and those a
 * supervisor merged in; an address a visitor only typed is an attribute ({@link Contact#CLAIMED_EMAIL})
 * until it is proved. The claimed address first, once proved; else another e-mail address; else a phone.
 */
final class ForwardAddress {

  private ForwardAddress() {}

  static Optional<Identity> of(Contact contact) {
    String claimed = contact.attributes().get(Contact.CLAIMED_EMAIL);
    if (claimed != null) {
      try {
        Identity proved = Identity.email(claimed);
        if (contact.identities().contains(proved)) {
          return Optional.of(proved);
        }
      } catch (IllegalArgumentException e) {
        // A malformed claim is no address: look at the identities.
      }
    }
    return first(contact, IdentityKind.EMAIL).or(() -> first(contact, IdentityKind.PHONE));
  }

  private static Optional<Identity> first(Contact contact, IdentityKind kind) {
    return contact.identities().stream().filter(i -> i.kind() == kind).findFirst();
  }
}
