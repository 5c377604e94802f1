package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationId;
import java.time.Instant;
import java.util.Optional;

/** The outcomes of asking a chat visitor to prove an e-mail address, and of the proof. */
public final class EmailProof {

  private EmailProof() {}

  /** What {@link ContactStore#requestEmailProof} did. */
  public sealed interface Request {}

  /** The mail with the link is in the outbox, in {@code conversation} of the address's contact. */
  public record Requested(String proofId, ConversationId conversation, Instant expiresAt) implements Request {
    public Requested {
      requireNonNull(proofId, "proofId");
      requireNonNull(conversation, "conversation");
      requireNonNull(expiresAt, "expiresAt");
    }
  }

  /** The claimant owns the address already: nothing to prove. */
  public record AlreadyLinked() implements Request {}

  /** A link went to that address a short while ago (whoever asked): no second mail yet. */
  public record Throttled(Instant retryAfter) implements Request {}

  /** The claimant is no contact, or was merged into another. */
  public record NoClaimant() implements Request {}

  /** What {@link ContactStore#proveEmail} did with a token. */
  public sealed interface Check {}

  /**
   * The token was good: the address is the claimant's now. {@code merge} is the merge of the claimant
   * into the address's contact, when another contact owned it.
   */
  public record Proved(String proofId, String email, ContactId contact, Optional<MergeOutcome.Done> merge)
      implements Check {
    public Proved {
      requireNonNull(proofId, "proofId");
      requireNonNull(email, "email");
      requireNonNull(contact, "contact");
      requireNonNull(merge, "merge");
    }
  }

  public record Expired() implements Check {}

  public record Used() implements Check {}

  public record Unknown() implements Check {}
}
