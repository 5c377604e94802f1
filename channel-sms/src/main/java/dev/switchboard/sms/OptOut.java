package dev.switchboard.sms;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.model.Contact;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.Message;
import dev.switchboard.core.model.MessageId;
import dev.switchboard.core.store.ConversationStore;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A contact's SMS consent, kept as contact attributes so agents see it beside the plan and the rest:
 * {@code sms.optOut} ({@code true}/{@code false}) and {@code sms.optOutChangedAt} (the time of the
 * keyword message that set it). The latest keyword wins by its message's time, so a replayed STOP
 * cannot undo a later START.
 */
final class OptOut {

  static final String ATTRIBUTE = "sms.optOut";
  static final String CHANGED_AT = "sms.optOutChangedAt";

  private static final Logger log = LoggerFactory.getLogger(OptOut.class);

  private final ConversationStore store;
  private final Clock clock;

  OptOut(ConversationStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  static boolean isOptedOut(Contact contact) {
    return "true".equals(contact.attributes().get(ATTRIBUTE));
  }

  /**
   * The attributes to write for {@code keyword} in a message of time {@code at}, or empty when nothing
   * changes: not a consent keyword, or a keyword at the same time or later already decided.
   */
  static Optional<Map<String, String>> change(Map<String, String> attributes, Keyword keyword, Instant at) {
    requireNonNull(at, "at");
    if (keyword != Keyword.OPT_OUT && keyword != Keyword.OPT_IN) {
      return Optional.empty();
    }
    Instant changedAt = parse(attributes.get(CHANGED_AT));
    if (changedAt != null && !at.isAfter(changedAt)) {
      return Optional.empty();
    }
    Map<String, String> change = new LinkedHashMap<>();
    change.put(ATTRIBUTE, keyword == Keyword.OPT_OUT ? "true" : "false");
    change.put(CHANGED_AT, at.toString());
    return Optional.of(change);
  }

  /** Applies a keyword the customer at {@code phone} sent in the stored message {@code messageId}. */
  CompletionStage<Optional<Contact>> apply(Identity phone, MessageId messageId, Keyword keyword) {
    if (keyword != Keyword.OPT_OUT && keyword != Keyword.OPT_IN) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return store.message(messageId).thenCompose(message -> {
      Instant at = message.map(Message::createdAt).orElseGet(clock::instant);
      return store.contactByIdentity(phone).thenCompose(contact -> {
        if (contact.isEmpty()) {
          return CompletableFuture.completedFuture(Optional.<Contact>empty());
        }
        return update(contact.get(), keyword, at);
      });
    });
  }

  /** Twilio refused a reply because the number opted out at the carrier (21610): record it. */
  CompletionStage<Optional<Contact>> optedOutAtProvider(ContactId contactId) {
    Instant now = clock.instant();
    return store.contact(contactId).thenCompose(contact -> contact.isEmpty()
        ? CompletableFuture.completedFuture(Optional.<Contact>empty())
        : update(contact.get(), Keyword.OPT_OUT, now));
  }

  private CompletionStage<Optional<Contact>> update(Contact contact, Keyword keyword, Instant at) {
    Optional<Map<String, String>> change = change(contact.attributes(), keyword, at);
    if (change.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.of(contact));
    }
    log.info("Contact {} is now SMS {}", contact.id(), keyword == Keyword.OPT_OUT ? "opted out" : "opted in");
    return store.updateAttributes(contact.id(), change.get()).thenApply(Optional::of);
  }

  private static Instant parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
