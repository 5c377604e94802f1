package dev.switchboard.core.store;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Identity;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Contacts across channels: finding and resolving one by an identity, its attributes, reading one with all
 * its conversations, merging two into one and undoing that, and linking a chat visitor to an e-mail address
 * they proved. Writes go through the same group-commit writer as {@link ConversationStore}, each in one
 * transaction: a merge is never half done. None is leader-only, so a fenced store's contacts are the same.
 */
public interface ContactStore {

  CompletionStage<Optional<Contact>> find(ContactId id);

  /** The contact that owns {@code identity}, if any does. */
  CompletionStage<Optional<Contact>> byIdentity(Identity identity);

  /** The contact with that identity, created (with {@code name}) when there is none. */
  CompletionStage<Contact> resolve(Identity identity, String name);

  /**
   * Adds another identity to a contact (a chat visitor who gives an e-mail address, say) and returns the
   * contact as it now is. Fails with {@link IllegalStateException} when another contact owns it already.
   */
  CompletionStage<Contact> linkIdentity(ContactId id, Identity identity);

  /** Sets attributes (a {@code null} value removes one); returns the contact as it now is. */
  CompletionStage<Contact> updateAttributes(ContactId id, Map<String, String> attributes);

  /** The contact with up to {@code conversations} of its conversations and its last 20 merges; empty when unknown. */
  CompletionStage<Optional<ContactDetail>> detail(ContactId id, int conversations);

  CompletionStage<ContactPage> search(ContactQuery query);

  /**
   * Moves every identity and conversation of {@code from} to {@code into}, copies the attributes
   * {@code into} lacks, and records it all as made by {@code by}. Refused (nothing changed) for the same
   * contact, an unknown one, or one merged already.
   */
  CompletionStage<MergeOutcome> merge(ContactId into, ContactId from, String by);

  /**
   * Undoes merge {@code mergeId} of {@code into}: moves back exactly what it moved (identities and
   * conversations still on {@code into}, attributes still holding the copied value); what {@code into}
   * gained since stays. Refused when the merge is unknown or undone, or when {@code into} was merged
   * into another contact since (undo that first).
   */
  CompletionStage<MergeOutcome> unmerge(ContactId into, String mergeId, String by);

  /** A merge by its id. */
  CompletionStage<Optional<ContactMerge>> mergeById(String mergeId);

  /**
   * Asks {@code claimant} to prove {@code email}: stores the proof (only {@code tokenSha256}) valid for
   * {@code validFor}, and puts {@code text} (which carries the token) in the outbox as a mail to the
   * address, unless the claimant owns it already or a proof was mailed to it within {@code cooldown}.
   */
  CompletionStage<EmailProof.Request> requestEmailProof(ContactId claimant, Identity email, String tokenSha256,
      String subject, String text, Duration validFor, Duration cooldown);

  /** Uses the proof whose token has SHA-256 {@code tokenSha256}, once, before it expires. */
  CompletionStage<EmailProof.Check> proveEmail(String tokenSha256);
}
