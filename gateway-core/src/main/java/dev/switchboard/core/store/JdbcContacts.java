package dev.switchboard.core.store;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link ContactStore} over JDBC, sharing {@link JdbcConversationStore}'s writer and reader pool. */
final class JdbcContacts implements ContactStore {

  private static final int MERGES_SHOWN = 20;

  private final GroupCommitWriter writer;
  private final JdbcDeliveries.Reads reads;
  private final Clock clock;

  JdbcContacts(GroupCommitWriter writer, JdbcDeliveries.Reads reads, Clock clock) {
    this.writer = requireNonNull(writer, "writer");
    this.reads = requireNonNull(reads, "reads");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<Optional<Contact>> find(ContactId id) {
    requireNonNull(id, "id");
    return reads.read(c -> ContactRows.byId(c, id));
  }

  @Override
  public CompletionStage<Optional<Contact>> byIdentity(Identity identity) {
    requireNonNull(identity, "identity");
    return reads.read(c -> {
      Optional<ContactId> id = ContactRows.idByIdentity(c, identity);
      return id.isPresent() ? ContactRows.byId(c, id.get()) : Optional.empty();
    });
  }

  @Override
  public CompletionStage<Contact> resolve(Identity identity, String name) {
    requireNonNull(identity, "identity");
    return writer.submit("resolveContact", c -> {
      ContactId id = ContactRows.resolve(c, identity, name, clock.instant());
      return ContactRows.require(c, id);
    });
  }

  @Override
  public CompletionStage<Contact> linkIdentity(ContactId id, Identity identity) {
    requireNonNull(id, "id");
    requireNonNull(identity, "identity");
    return writer.submit("linkIdentity", c -> ContactRows.link(c, id, identity, clock.instant()));
  }

  @Override
  public CompletionStage<Contact> updateAttributes(ContactId id, Map<String, String> attributes) {
    requireNonNull(id, "id");
    requireNonNull(attributes, "attributes");
    Map<String, String> copy = new LinkedHashMap<>(attributes);
    return writer.submit("updateAttributes", c -> ContactRows.updateAttributes(c, id, copy, clock.instant()));
  }

  @Override
  public CompletionStage<Optional<ContactDetail>> detail(ContactId id, int conversations) {
    requireNonNull(id, "id");
    ConversationQuery query = ConversationQuery.all().contact(id).limit(conversations);
    return reads.read(c -> {
      var contact = ContactRows.byId(c, id);
      if (contact.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new ContactDetail(contact.get(), MergeRows.mergedInto(c, id).orElse(null),
          ConversationLists.query(c, query), MergeRows.into(c, id, MERGES_SHOWN)));
    });
  }

  @Override
  public CompletionStage<ContactPage> search(ContactQuery query) {
    requireNonNull(query, "query");
    return reads.read(c -> ContactSearchRows.search(c, query));
  }

  @Override
  public CompletionStage<MergeOutcome> merge(ContactId into, ContactId from, String by) {
    requireNonNull(into, "into");
    requireNonNull(from, "from");
    requireNonNull(by, "by");
    return writer.submit("mergeContacts", c -> MergeRows.merge(c, into, from, by, clock.instant()));
  }

  @Override
  public CompletionStage<MergeOutcome> unmerge(ContactId into, String mergeId, String by) {
    requireNonNull(into, "into");
    requireNonNull(mergeId, "mergeId");
    requireNonNull(by, "by");
    return writer.submit("unmergeContacts", c -> MergeRows.unmerge(c, into, mergeId, by, clock.instant()));
  }

  @Override
  public CompletionStage<Optional<ContactMerge>> mergeById(String mergeId) {
    requireNonNull(mergeId, "mergeId");
    return reads.read(c -> MergeRows.byId(c, mergeId));
  }

  @Override
  public CompletionStage<EmailProof.Request> requestEmailProof(ContactId claimant, Identity email,
      String tokenSha256, String subject, String text, Duration validFor, Duration cooldown) {
    requireNonNull(claimant, "claimant");
    requireNonNull(email, "email");
    if (email.kind() != IdentityKind.EMAIL) {
      throw new IllegalArgumentException("email: " + email.kind() + " (expected: an e-mail identity)");
    }
    requireNonNull(tokenSha256, "tokenSha256");
    requireNonNull(text, "text");
    requireNonNull(validFor, "validFor");
    requireNonNull(cooldown, "cooldown");
    return writer.submit("requestEmailProof", c -> ProofRows.request(c, claimant, email, tokenSha256, subject, text,
        clock.instant(), validFor, cooldown));
  }

  @Override
  public CompletionStage<EmailProof.Check> proveEmail(String tokenSha256) {
    requireNonNull(tokenSha256, "tokenSha256");
    return writer.submit("proveEmail", c -> ProofRows.prove(c, tokenSha256, clock.instant()));
  }
}
