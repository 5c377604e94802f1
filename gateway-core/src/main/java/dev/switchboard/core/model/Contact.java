package dev.switchboard.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One person, known by several identities, with attributes such as {@code plan} from the directory. */
public record Contact(
    ContactId id,
    String name,
    List<Identity> identities,
    Map<String, String> attributes,
    Instant createdAt) {

  /**
   * The attribute holding the e-mail address a chat visitor typed: a claim, never an identity of its own;
   * the address becomes one only once proved.
   */
  public static final String CLAIMED_EMAIL = "claimedEmail";

  public Contact {
    requireNonNull(id, "id");
    identities = List.copyOf(identities);
    attributes = Map.copyOf(attributes);
    requireNonNull(createdAt, "createdAt");
  }
}
